// Key themes with how often each was mentioned: a study's per product, an open question's.
import type { ThemeCount } from '@persona-lab/contracts';

export function ThemeList({ themes }: { themes: ThemeCount[] }) {
  if (themes.length === 0) return <p className="muted">No themes</p>;
  return (
    <ol className="theme-list">
      {themes.map((t) => (
        <li key={t.theme}>
          <span>{t.theme}</span>
          <span className="mentions">
            {t.mentions} {t.mentions === 1 ? 'mention' : 'mentions'}
          </span>
        </li>
      ))}
    </ol>
  );
}
