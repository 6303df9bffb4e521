// One persona's full answer: the feedback, the intent, the purchase statement and its SSR rating,
// the concerns, who the persona is, and (once the study has completed) a way into an interview.
import type { FeedbackResult } from '@persona-lab/contracts';
import { Link } from 'react-router';

import { interviewPath } from '../../interviews/api/interviews';

interface AnswerDetailProps {
  result: FeedbackResult;
  studyId: string;
  interviewable: boolean;
}

export function AnswerDetail({ result, studyId, interviewable }: AnswerDetailProps) {
  const persona = result.persona;
  const who = persona
    ? [
        persona.age,
        persona.gender?.toLowerCase(),
        persona.ageGroup,
        [persona.region, persona.country].filter(Boolean).join(', '),
        persona.incomeLevel,
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  return (
    <div className="answer-detail">
      {who && <p className="muted">{who}</p>}
      <dl className="numbers">
        <div>
          <dt>Purchase intent</dt>
          <dd className="big">{result.purchaseIntent ?? '—'}</dd>
        </div>
        {result.ssr && (
          <div>
            <dt>SSR rating (1–5)</dt>
            <dd className="big">{result.ssr.expectedRating.toFixed(2)}</dd>
          </div>
        )}
      </dl>
      {result.status === 'FAILED' && <p className="note note-warning">This answer failed: {result.failureReason ?? 'no reason given'}</p>}
      {result.feedback && (
        <>
          <h3>Feedback</h3>
          <p className="feedback-text">{result.feedback}</p>
        </>
      )}
      {result.purchaseStatement && (
        <>
          <h3>Would they buy it?</h3>
          <blockquote>{result.purchaseStatement}</blockquote>
        </>
      )}
      {result.keyConcerns.length > 0 && (
        <>
          <h3>Concerns</h3>
          <ul>
            {result.keyConcerns.map((concern) => (
              <li key={concern}>{concern}</li>
            ))}
          </ul>
        </>
      )}
      {interviewable && (
        <p className="form-actions">
          <Link className="button button-primary" to={interviewPath(studyId, result.personaId)}>
            Interview {result.personaName ?? 'this persona'}
          </Link>
        </p>
      )}
    </div>
  );
}
