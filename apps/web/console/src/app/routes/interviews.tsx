import { Link, useParams } from 'react-router';

import { Page } from '../../components/ui/page';
import { ErrorState, Loading } from '../../components/ui/states';
import { useInterview } from '../../features/interviews/api/interviews';
import { InterviewView } from '../../features/interviews/components/interview-view';
import { ApiError } from '../../lib/api-client';

export function InterviewRoute() {
  const { id = '', personaId = '' } = useParams();
  const interview = useInterview(id, personaId);
  const back = (
    <Link className="button" to={`/studies/${encodeURIComponent(id)}`}>
      Back to the study
    </Link>
  );
  if (interview.isPending) return <Loading label="Loading the interview…" />;
  if (interview.isError) {
    const missing = interview.error instanceof ApiError && (interview.error.status === 404 || interview.error.status === 400);
    return (
      <Page title={missing ? 'Interview not found' : 'Interview'} actions={back}>
        {missing ? (
          <div className="state state-error" role="alert">
            <p className="state-title">Not found</p>
            <p>There is no such persona in a study of your account.</p>
          </div>
        ) : (
          <ErrorState error={interview.error} retry={() => void interview.refetch()} />
        )}
      </Page>
    );
  }
  return (
    <Page title={`Interview with ${interview.data.personaName ?? 'a persona'}`} actions={back}>
      <InterviewView interview={interview.data} />
    </Page>
  );
}
