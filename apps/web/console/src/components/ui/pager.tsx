// Previous / next through the pages of a paged API list, with where the reader is.

interface PagerProps {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  /** What is paged, for assistive technology: "Answer pages". */
  label: string;
}

/** Nothing when everything fits on one page. */
export function Pager({ page, pages, onPage, label }: PagerProps) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
