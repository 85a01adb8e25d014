// GET /api/customers: customers with their metrics; search, segments, sort, paging.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Customer, Page, Segment } from '@/types/api';

export const CUSTOMER_SORTS = ['totalSpend', 'orderCount', 'lastOrderDate', 'firstOrderDate', 'name'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomersFilter {
  search?: string;
  segment?: Segment[];
  sort?: CustomerSort;
  order?: 'asc' | 'desc';
  limit?: number;
}

export async function getCustomers(
  filter: CustomersFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Customer>> {
  const query = { ...filter, cursor: cursor ?? undefined };
  const env = await unwrap(api.GET('/api/customers', { params: { query }, signal }));
  return pageOf(env.data, env.meta);
}

export function customersQueryOptions(filter: CustomersFilter, cursor: string | null) {
  return queryOptions({
    queryKey: ['customers', 'list', filter, cursor] as const,
    queryFn: ({ signal }) => getCustomers(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCustomers(filter: CustomersFilter, cursor: string | null) {
  return useQuery(customersQueryOptions(filter, cursor));
}
