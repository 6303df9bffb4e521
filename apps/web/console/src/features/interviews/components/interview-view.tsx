// A one-to-one conversation with a persona of a finished study: the turns so far, a message box
// (counted against the API's limit), the persona's reply, how much of the conversation it remembers,
// and what went wrong when it could not answer.
import { type Interview, INTERVIEW_HISTORY_TURNS, INTERVIEW_MESSAGE_MAX_LENGTH, InterviewMessageRequest } from '@persona-lab/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Value } from 'typebox/value';

import { Field } from '../../../components/ui/field';
import { Empty } from '../../../components/ui/states';
import { ApiError } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { useSendInterviewMessage } from '../api/interviews';

const MESSAGE_RULE = `Write a message of at most ${INTERVIEW_MESSAGE_MAX_LENGTH.toLocaleString('en')} characters`;

export function InterviewView({ interview }: { interview: Interview }) {
  const send = useSendInterviewMessage(interview.sessionId, interview.personaId);
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<string>();
  const latest = useRef<HTMLLIElement>(null);
  const name = interview.personaName ?? 'The persona';
  const turns = interview.turns.length;

  // A block, not an expression: Chromium's scrollIntoView returns a promise, which React would take for a cleanup.
  useEffect(() => {
    latest.current?.scrollIntoView?.({ block: 'nearest' });
  }, [turns]);

  const apiError = send.error instanceof ApiError ? send.error : undefined;
  const fieldMessage = checked ?? apiError?.fieldMessage('body/text');
  const formError =
    send.isError && !apiError?.fieldMessage('body/text') ? (apiError?.message ?? 'The server could not be reached') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = { text: text.trim() };
    const valid = Value.Check(InterviewMessageRequest, request);
    setChecked(valid ? undefined : MESSAGE_RULE);
    if (valid) send.mutate(request, { onSuccess: () => setText('') });
  };

  return (
    <div className="interview">
      <p className="muted small">
        {name} remembers the last {INTERVIEW_HISTORY_TURNS} turns of this conversation and its feedback in the study; older turns are kept
        here but no longer sent.
      </p>
      {turns === 0 ? (
        <Empty title="No messages yet">
          <p>Ask {name} why they answered as they did, or probe a concern.</p>
        </Empty>
      ) : (
        <ol className="conversation" aria-label="Conversation">
          {interview.turns.map((turn, i) => (
            <li key={turn.id} className={`turn turn-${turn.role}`} ref={i === turns - 1 ? latest : undefined}>
              <p className="turn-who">
                {turn.role === 'researcher' ? 'You' : name} <span className="muted small">{formatDate(turn.createdAt)}</span>
              </p>
              <p className="turn-text">{turn.text}</p>
            </li>
          ))}
        </ol>
      )}
      <p className="muted small" aria-live="polite">
        {turns / 2} {turns === 2 ? 'exchange' : 'exchanges'} so far
        {turns > INTERVIEW_HISTORY_TURNS ? ` · ${name} now remembers only the last ${INTERVIEW_HISTORY_TURNS} turns` : ''}
      </p>
      <form className="card form" onSubmit={submit} noValidate aria-label={`Message to ${name}`}>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <Field
          label="Your message"
          error={fieldMessage}
          hint={`${[...text].length.toLocaleString('en')} / ${INTERVIEW_MESSAGE_MAX_LENGTH.toLocaleString('en')} characters`}
        >
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {send.isPending ? `Waiting for ${name}…` : 'Send'}
          </button>
        </div>
        {send.isPending && (
          <p className="state state-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {name} is answering…
          </p>
        )}
      </form>
    </div>
  );
}
