import { Link, useNavigate, useParams } from 'react-router';

import { Page } from '../../components/ui/page';
import { ErrorState, Loading } from '../../components/ui/states';
import { useCreateProduct, useProduct, useReplaceProduct } from '../../features/products/api/products';
import { ProductForm } from '../../features/products/components/product-form';
import { ProductsList } from '../../features/products/components/products-list';

export function ProductsRoute() {
  return (
    <Page
      title="Products"
      actions={
        <Link className="button button-primary" to="/products/new">
          New product
        </Link>
      }
    >
      <ProductsList />
    </Page>
  );
}

export function NewProductRoute() {
  const create = useCreateProduct();
  const navigate = useNavigate();
  return (
    <Page title="New product">
      <ProductForm
        submitLabel="Create product"
        pending={create.isPending}
        error={create.error}
        onSubmit={(input) => create.mutate(input, { onSuccess: () => void navigate('/products') })}
        onCancel={() => void navigate('/products')}
      />
    </Page>
  );
}

export function EditProductRoute() {
  const { id = '' } = useParams();
  const product = useProduct(id);
  const replace = useReplaceProduct(id);
  const navigate = useNavigate();
  return (
    <Page title={product.data ? `Edit ${product.data.name}` : 'Edit product'}>
      {product.isPending ? (
        <Loading />
      ) : product.isError ? (
        <ErrorState error={product.error} title="This product could not be opened" />
      ) : (
        <ProductForm
          initial={product.data}
          submitLabel="Save changes"
          pending={replace.isPending}
          error={replace.error}
          onSubmit={(input) => replace.mutate(input, { onSuccess: () => void navigate('/products') })}
          onCancel={() => void navigate('/products')}
        />
      )}
    </Page>
  );
}
