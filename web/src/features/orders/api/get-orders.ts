// GET /api/orders: orders newest first, filtered by period, status, customer and text.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGetPage } from '@/lib/api-client';
import type { OrderSummary, Page } from '@/types/api';

export interface OrdersFilter {
  from?: string;
  to?: string;
  status?: string[];
  contactID?: string;
  search?: string;
  limit?: number;
}

export function getOrders(
  filter: OrdersFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<OrderSummary>> {
  return apiGetPage<OrderSummary>('/api/orders', { ...filter, cursor }, { signal });
}

export function ordersQueryOptions(filter: OrdersFilter, cursor: string | null) {
  return queryOptions({
    queryKey: ['orders', 'list', filter, cursor] as const,
    queryFn: ({ signal }) => getOrders(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOrders(filter: OrdersFilter, cursor: string | null) {
  return useQuery(ordersQueryOptions(filter, cursor));
}
