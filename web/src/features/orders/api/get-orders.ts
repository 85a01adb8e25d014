// GET /api/orders: orders newest first, filtered by period, status, customer and text.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { OrderStatus, OrderSummary, Page } from '@/types/api';

export interface OrdersFilter {
  from?: string;
  to?: string;
  status?: OrderStatus[];
  contactID?: string;
  search?: string;
  limit?: number;
}

export async function getOrders(
  filter: OrdersFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<OrderSummary>> {
  const query = { ...filter, cursor: cursor ?? undefined };
  const env = await unwrap(api.GET('/api/orders', { params: { query }, signal }));
  return pageOf(env.data, env.meta);
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
