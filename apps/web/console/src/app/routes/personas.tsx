import { Page } from '../../components/ui/page';
import { PersonaGallery } from '../../features/personas/components/persona-gallery';

export function PersonasRoute() {
  return (
    <Page title="Personas">
      <PersonaGallery />
    </Page>
  );
}
