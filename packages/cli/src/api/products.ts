// product-api: the signed-in user's products.
import { type PageQuery, Product, type ProductInput, ProductPage } from '@persona-lab/contracts';

import { createServiceHttp } from './http.js';

export function createProductsApi(baseUrl: string) {
  const http = createServiceHttp({ service: 'product-api', baseUrl });
  return {
    create: (token: string, input: ProductInput): Promise<Product> => http.postJson('products', input, Product, { token }),
    get: (token: string, id: string): Promise<Product> => http.getJson(`products/${encodeURIComponent(id)}`, Product, { token }),
    list: (token: string, query: PageQuery): Promise<ProductPage> =>
      http.getJson('products', ProductPage, { token, searchParams: { page: query.page, pageSize: query.pageSize } }),
  };
}

export type ProductsApi = ReturnType<typeof createProductsApi>;
