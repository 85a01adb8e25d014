// GET /api/customers: customers with their metrics; search, segments, sort, paging.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGetPage } from '@/lib/api-client';
import type { Customer, Page } from '@/types/api';

export const CUSTOMER_SORTS = ['totalSpend', 'orderCount', 'lastOrderDate', 'firstOrderDate', 'name'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomersFilter {
  search?: string;
  segment?: string[];
  sort?: CustomerSort;
  order?: 'asc' | 'desc';
  limit?: number;
}

export function getCustomers(
  filter: CustomersFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Customer>> {
  return apiGetPage<Customer>('/api/customers', { ...filter, cursor }, { signal });
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
