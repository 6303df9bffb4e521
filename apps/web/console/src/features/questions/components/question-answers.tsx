// Every persona's answer to one question, each with a way into a one-to-one interview.
import type { PanelQuestion, QuestionAnswer } from '@persona-lab/contracts';
import { Link } from 'react-router';

import { TableScroll } from '../../../components/ui/table-scroll';
import { interviewPath } from '../../interviews/api/interviews';

function given(answer: QuestionAnswer): string {
  if (answer.status === 'FAILED') return 'failed';
  if (answer.status !== 'COMPLETED') return 'waiting';
  return answer.choice ?? (answer.scaleValue !== null ? String(answer.scaleValue) : '—');
}

export function QuestionAnswers({ question }: { question: PanelQuestion }) {
  const measured = question.form.kind !== 'open';
  return (
    <TableScroll label="Answers to this question">
      <table className="table table-cards question-answers">
        <caption>Every answer</caption>
        <thead>
          <tr>
            <th scope="col">Persona</th>
            {measured && <th scope="col">{question.form.kind === 'scale' ? 'Point' : 'Choice'}</th>}
            <th scope="col">In their words</th>
            <th scope="col">
              <span className="visually-hidden">Interview</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {question.answers.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.personaName ?? 'Unnamed persona'}</th>
              {measured && (
                <td data-label={question.form.kind === 'scale' ? 'Point' : 'Choice'} className="numeric">
                  {given(a)}
                </td>
              )}
              <td data-label="In their words">
                {a.answer ?? (a.status === 'FAILED' ? (a.failureReason ?? 'No answer') : '…')}
                {a.keyPoints.length > 0 && <span className="cell-sub">{a.keyPoints.join(' · ')}</span>}
              </td>
              <td className="row-actions">
                <Link
                  className="button button-small"
                  to={interviewPath(question.sessionId, a.personaId)}
                  aria-label={`Interview ${a.personaName ?? 'this persona'}`}
                >
                  Interview
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
