// GET /api/products: the catalogue with all-time revenue, units, orders and customers.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Page, Product } from '@/types/api';

export const PRODUCT_SORTS = ['revenue', 'units', 'orders', 'customers', 'code'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductsFilter {
  search?: string;
  sort?: ProductSort;
  order?: 'asc' | 'desc';
  limit?: number;
}

export async function getProducts(
  filter: ProductsFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Product>> {
  const query = { ...filter, cursor: cursor ?? undefined };
  const env = await unwrap(api.GET('/api/products', { params: { query }, signal }));
  return pageOf(env.data, env.meta);
}

export function productsQueryOptions(filter: ProductsFilter, cursor: string | null) {
  return queryOptions({
    queryKey: ['products', 'list', filter, cursor] as const,
    queryFn: ({ signal }) => getProducts(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProducts(filter: ProductsFilter, cursor: string | null) {
  return useQuery(productsQueryOptions(filter, cursor));
}
