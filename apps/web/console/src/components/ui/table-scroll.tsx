// A wide table's own horizontal scroll on a narrow screen. The box can take focus, so a keyboard
// user can scroll it too (axe: scrollable-region-focusable), and it is named for screen readers.
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
