import { type ExportFormat, exportUrl } from '../api/studies';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
  { format: 'md', label: 'Markdown' },
];

/** Downloads of the finished study; the web app sends the session cookie's token along. */
export function ExportButtons({ studyId }: { studyId: string }) {
  return (
    <nav className="export" aria-label="Export">
      <span className="muted">Export:</span>
      {FORMATS.map(({ format, label }) => (
        <a key={format} className="button button-small" href={exportUrl(studyId, format)} download>
          {label}
        </a>
      ))}
    </nav>
  );
}
