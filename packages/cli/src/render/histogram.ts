// Text bars of the purchase intents 1–10, scaled to the most frequent one.

/** One line per intent, e.g. ` 7 │██████████           3`. */
export function intentHistogram(distribution: readonly number[], width = 24): string[] {
  const most = Math.max(0, ...distribution);
  const countWidth = String(most).length;
  return Array.from({ length: 10 }, (_, i) => {
    const count = distribution[i] ?? 0;
    // A rare answer still gets a visible bar.
    const length = most === 0 || count === 0 ? 0 : Math.max(1, Math.round((count / most) * width));
    return `${String(i + 1).padStart(2)} │${'█'.repeat(length).padEnd(width)} ${String(count).padStart(countWidth)}`;
  });
}
