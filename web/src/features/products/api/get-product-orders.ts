// GET /api/products/{code}/orders: the product's figures and the orders containing it.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, pageOf } from '@/lib/api-client';
import type { Page, Product, ProductOrder, ProductOrders } from '@/types/api';

export interface ProductOrdersPage extends Page<ProductOrder> {
  product: Product;
}

export async function getProductOrders(
  code: string,
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<ProductOrdersPage> {
  const env = await apiGet<ProductOrders>(
    `/api/products/${encodeURIComponent(code)}/orders`,
    { cursor, limit },
    { signal },
  );
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
