// The loading, empty and error states every page shows in the same way.
import type { ReactNode } from 'react';

import { ApiError } from '../../lib/api-client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** A failed query: what the API said (its detail and code), and a way to try again. */
export function ErrorState({ error, title = 'Something went wrong', retry }: { error: unknown; title?: string; retry?: () => void }) {
  const detail = error instanceof ApiError ? error.message : 'The server could not be reached. Check your connection.';
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p>{detail}</p>
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Note({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warning' }) {
  return (
    <p className={`note note-${tone}`} role={tone === 'warning' ? 'note' : undefined}>
      {children}
    </p>
  );
}
