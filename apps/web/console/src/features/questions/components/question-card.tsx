// One question to the panel: its text and answer form, live progress while the personas answer, and
// (opened) its insights and every answer.
import type { PanelQuestionSummary, QuestionProgress, StoredQuestionForm } from '@persona-lab/contracts';
import { useId } from 'react';

import { ProgressBar } from '../../../components/ui/progress-bar';
import { ErrorState, Loading, Note } from '../../../components/ui/states';
import { formatDate } from '../../../lib/format';
import { useQuestion } from '../api/questions';
import { QuestionAnswers } from './question-answers';
import { QuestionInsightsView } from './question-insights';

function formOf(form: StoredQuestionForm): string {
  if (form.kind === 'scale') return `Scale ${form.min} (${form.minLabel}) to ${form.max} (${form.maxLabel})`;
  if (form.kind === 'choice') return `Single choice: ${form.options.join(' · ')}`;
  return 'Open text';
}

function QuestionDetail({ sessionId, questionId }: { sessionId: string; questionId: string }) {
  const question = useQuestion(sessionId, questionId);
  if (question.isPending) return <Loading label="Loading the answers…" />;
  if (question.isError) return <ErrorState error={question.error} retry={() => void question.refetch()} />;
  return (
    <>
      {question.data.failureReason && <Note tone="warning">{question.data.failureReason}</Note>}
      <QuestionInsightsView question={question.data} />
      <QuestionAnswers question={question.data} />
    </>
  );
}

interface QuestionCardProps {
  summary: PanelQuestionSummary;
  live: QuestionProgress | undefined;
  productName: string | undefined;
  open: boolean;
  onToggle: () => void;
}

export function QuestionCard({ summary, live, productName, open, onToggle }: QuestionCardProps) {
  const id = useId();
  const status = live?.status ?? summary.status;
  const progress = live?.progress ?? summary.progress;
  return (
    <li className="card question-card">
      <h3 className="question-text">{summary.text}</h3>
      <p className="muted small">
        {formOf(summary.form)}
        {productName ? ` · about ${productName}` : ''} · asked {formatDate(summary.createdAt)}{' '}
        <span className={`badge badge-${status.toLowerCase()}`}>{status.toLowerCase().replace('_', ' ')}</span>
      </p>
      {status === 'IN_PROGRESS' && <ProgressBar label="Answers to this question" textClassName="muted" progress={progress} />}
      {status !== 'IN_PROGRESS' && (
        <>
          <button type="button" className="button button-small" aria-expanded={open} aria-controls={`${id}-detail`} onClick={onToggle}>
            {open ? 'Hide answers' : 'Show answers'}
          </button>
          <div id={`${id}-detail`} hidden={!open}>
            {open && <QuestionDetail sessionId={summary.sessionId} questionId={summary.id} />}
          </div>
        </>
      )}
    </li>
  );
}
