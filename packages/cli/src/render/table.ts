// A plain text table: columns padded to their widest cell, the first column left, the others right.

export function renderTable(rows: readonly (readonly string[])[], { gap = 3 }: { gap?: number } = {}): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...rows.map((row) => [...(row[c] ?? '')].length)));
  return rows.map((row) =>
    widths
      .map((width, c) => {
        const cell = row[c] ?? '';
        const pad = ' '.repeat(width - [...cell].length);
        return c === 0 ? cell + pad : pad + cell;
      })
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

/** Cuts a long name to `max` characters with an ellipsis, so a table stays readable. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
