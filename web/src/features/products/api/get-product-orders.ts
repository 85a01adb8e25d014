// GET /api/products/{code}/orders: the product's figures and the orders containing it.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Page, Product, ProductOrder } from '@/types/api';

export interface ProductOrdersPage extends Page<ProductOrder> {
  product: Product;
}

export async function getProductOrders(
  code: string,
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<ProductOrdersPage> {
  const params = { path: { code }, query: { cursor: cursor ?? undefined, limit } };
  const env = await unwrap(api.GET('/api/products/{code}/orders', { params, signal }));
  return { ...pageOf(env.data.orders, env.meta), product: env.data.product };
}

export function productOrdersQueryOptions(code: string, cursor: string | null, limit: number) {
  return queryOptions({
    queryKey: ['orders', 'by-product', code, cursor, limit] as const,
    queryFn: ({ signal }) => getProductOrders(code, cursor, limit, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProductOrders(code: string, cursor: string | null, limit = 50) {
  return useQuery(productOrdersQueryOptions(code, cursor, limit));
}
