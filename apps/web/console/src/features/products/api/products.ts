// The signed-in user's products: list, read, create, replace, delete.
import type { Product, ProductInput, ProductPage } from '@persona-lab/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api-client';

const productsKey = ['products'] as const;

/** The newest 100 products: a team studies a handful at a time. */
export const getProducts = () => api<ProductPage>('/api/products?pageSize=100');
export const productsQueryOptions = () => queryOptions({ queryKey: productsKey, queryFn: getProducts });
export const useProducts = () => useQuery(productsQueryOptions());

export const getProduct = (id: string) => api<Product>(`/api/products/${encodeURIComponent(id)}`);
export const productQueryOptions = (id: string) => queryOptions({ queryKey: [...productsKey, id], queryFn: () => getProduct(id) });
export const useProduct = (id: string) => useQuery(productQueryOptions(id));

export const createProduct = (input: ProductInput) => api<Product>('/api/products', { method: 'POST', body: input });
export const replaceProduct = (id: string, input: ProductInput) =>
  api<Product>(`/api/products/${encodeURIComponent(id)}`, { method: 'PUT', body: input });
export const deleteProduct = (id: string) => api<void>(`/api/products/${encodeURIComponent(id)}`, { method: 'DELETE' });

function useInvalidatingMutation<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: productsKey }) });
}

export const useCreateProduct = () => useInvalidatingMutation(createProduct);
export const useReplaceProduct = (id: string) => useInvalidatingMutation((input: ProductInput) => replaceProduct(id, input));
export const useDeleteProduct = () => useInvalidatingMutation(deleteProduct);
