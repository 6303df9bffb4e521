import { Link, useParams } from 'react-router';

import { Page } from '../../components/ui/page';
import { ErrorState, Loading } from '../../components/ui/states';
import { useStudy } from '../../features/studies/api/studies';
import { StudiesList } from '../../features/studies/components/studies-list';
import { StudyForm } from '../../features/studies/components/study-form';
import { StudyProgress } from '../../features/studies/components/study-progress';
import { StudyResults } from '../../features/studies/components/study-results';
import { ApiError } from '../../lib/api-client';
import { formatDate } from '../../lib/format';

export function StudiesRoute() {
  return (
    <Page
      title="Studies"
      actions={
        <Link className="button button-primary" to="/studies/new">
          New study
        </Link>
      }
    >
      <StudiesList />
    </Page>
  );
}

export function NewStudyRoute() {
  return (
    <Page title="New study">
      <StudyForm />
    </Page>
  );
}

export function StudyRoute() {
  const { id = '' } = useParams();
  const study = useStudy(id);
  if (study.isPending) return <Loading label="Loading the study…" />;
  if (study.isError) {
    const missing = study.error instanceof ApiError && (study.error.status === 404 || study.error.status === 400);
    return (
      <Page title={missing ? 'Study not found' : 'Study'}>
        {missing ? (
          <div className="state state-error" role="alert">
            <p className="state-title">Not found</p>
            <p>There is no study at this address in your account.</p>
            <Link to="/studies">Back to your studies</Link>
          </div>
        ) : (
          <ErrorState error={study.error} retry={() => void study.refetch()} />
        )}
      </Page>
    );
  }
  const data = study.data;
  const running = data.status === 'PENDING' || data.status === 'IN_PROGRESS';
  return (
    <Page title={data.products.map((p) => p.name).join(' vs ')}>
      <p className="muted">
        Study started {formatDate(data.createdAt)} · language {data.language} · {data.status.toLowerCase().replace('_', ' ')}
        {data.seed !== undefined && <> · seed {data.seed}</>}
        {data.replayOf && (
          <>
            {' · '}
            <Link to={`/studies/${data.replayOf}`}>a replay of an earlier study</Link>
          </>
        )}
      </p>
      {running ? <StudyProgress study={data} /> : <StudyResults study={data} />}
    </Page>
  );
}
