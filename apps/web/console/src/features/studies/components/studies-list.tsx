// The user's studies, newest first, with their status and progress.
import { Link } from 'react-router';

import { Empty, ErrorState, Loading } from '../../../components/ui/states';
import { formatDate } from '../../../lib/format';
import { useStudies } from '../api/studies';

export function StudiesList() {
  const studies = useStudies();
  if (studies.isPending) return <Loading label="Loading studies…" />;
  if (studies.isError) return <ErrorState error={studies.error} retry={() => void studies.refetch()} />;
  if (studies.data.items.length === 0) {
    return (
      <Empty title="No studies yet">
        <p>A study asks a panel of personas what they think of your products.</p>
        <Link className="button button-primary" to="/studies/new">
          New study
        </Link>
      </Empty>
    );
  }
  return (
    <table className="table table-cards">
      <caption className="visually-hidden">Your studies</caption>
      <thead>
        <tr>
          <th scope="col">Products</th>
          <th scope="col">Status</th>
          <th scope="col">Answers</th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {studies.data.items.map((study) => (
          <tr key={study.id}>
            <th scope="row" data-label="Products">
              <Link to={`/studies/${study.id}`}>{study.products.map((p) => p.name).join(', ')}</Link>
            </th>
            <td data-label="Status">
              <span className={`badge badge-${study.status.toLowerCase()}`}>{study.status.toLowerCase().replace('_', ' ')}</span>
            </td>
            <td data-label="Answers" className="numeric">
              {study.progress.completed} / {study.progress.total}
            </td>
            <td data-label="Started">{formatDate(study.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
