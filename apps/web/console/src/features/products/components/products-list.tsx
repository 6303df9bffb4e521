// The products as a table (a list of cards on a phone), each with edit and delete.
import type { Product } from '@persona-lab/contracts';
import { Link } from 'react-router';

import { Empty, ErrorState, Loading } from '../../../components/ui/states';
import { formatPrice } from '../../../lib/format';
import { useDeleteProduct, useProducts } from '../api/products';

export function ProductsList() {
  const products = useProducts();
  const remove = useDeleteProduct();

  if (products.isPending) return <Loading label="Loading products…" />;
  if (products.isError) return <ErrorState error={products.error} retry={() => void products.refetch()} />;
  if (products.data.items.length === 0) {
    return (
      <Empty title="No products yet">
        <p>Describe the first product you want a panel to review.</p>
        <Link className="button button-primary" to="/products/new">
          New product
        </Link>
      </Empty>
    );
  }

  const confirmDelete = (product: Product) => {
    if (window.confirm(`Delete “${product.name}”? Studies that used it keep their results.`)) remove.mutate(product.id);
  };

  return (
    <>
      {remove.isError && <ErrorState error={remove.error} title="The product was not deleted" />}
      <table className="table table-cards">
        <caption className="visually-hidden">Your products</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Category</th>
            <th scope="col">Price</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {products.data.items.map((product) => (
            <tr key={product.id}>
              <th scope="row" data-label="Name">
                {product.name}
                <span className="cell-sub">{product.description}</span>
              </th>
              <td data-label="Category">{product.category}</td>
              <td data-label="Price" className="numeric">
                {formatPrice(product.price, product.currency)}
              </td>
              <td className="row-actions">
                <Link className="button button-small" to={`/products/${product.id}/edit`} aria-label={`Edit ${product.name}`}>
                  Edit
                </Link>
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => confirmDelete(product)}
                  disabled={remove.isPending}
                  aria-label={`Delete ${product.name}`}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
