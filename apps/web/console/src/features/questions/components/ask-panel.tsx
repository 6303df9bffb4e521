// The results page's follow-up: ask the panel of a finished study, follow the answers live, and read
// every question asked so far.
import type { FeedbackSession } from '@persona-lab/contracts';
import { useState } from 'react';

import { Empty, ErrorState, Loading, Note } from '../../../components/ui/states';
import { useQuestions } from '../api/questions';
import { useQuestionProgress } from '../api/use-question-progress';
import { AskForm } from './ask-form';
import { QuestionCard } from './question-card';

export function AskPanel({ study }: { study: FeedbackSession }) {
  const questions = useQuestions(study.id);
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const answering = questions.data?.items.some((q) => q.status === 'IN_PROGRESS') ?? false;
  const { progress, interrupted } = useQuestionProgress(study.id, answering);
  const productName = new Map(study.products.map((p) => [p.id, p.name]));

  return (
    <section aria-labelledby="ask-title" className="ask-panel">
      <h2 id="ask-title">Ask the panel</h2>
      <p className="muted">Follow up with the same personas: each answers in character, with its earlier feedback in mind.</p>
      <AskForm study={study} onAsked={(asked) => setOpened((current) => ({ ...current, [asked.questionId]: true }))} />
      {interrupted && <Note tone="warning">The live connection dropped; reconnecting…</Note>}
      <h3 className="visually-hidden">Questions asked</h3>
      {questions.isPending ? (
        <Loading label="Loading the questions…" />
      ) : questions.isError ? (
        <ErrorState error={questions.error} retry={() => void questions.refetch()} />
      ) : questions.data.items.length === 0 ? (
        <Empty title="No question asked yet" />
      ) : (
        <ol className="question-list" aria-label="Questions asked">
          {questions.data.items.map((q) => (
            <QuestionCard
              key={q.id}
              summary={q}
              live={progress[q.id]}
              productName={q.productId ? productName.get(q.productId) : undefined}
              open={opened[q.id] ?? false}
              onToggle={() => setOpened((current) => ({ ...current, [q.id]: !current[q.id] }))}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
