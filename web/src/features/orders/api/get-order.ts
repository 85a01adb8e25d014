// GET /api/orders/{orderID}: one order with its items.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { Order } from '@/types/api';

export async function getOrder(orderID: string, signal?: AbortSignal): Promise<Order> {
  return (await unwrap(api.GET('/api/orders/{orderID}', { params: { path: { orderID } }, signal }))).data;
}

export function orderQueryOptions(orderID: string) {
  return queryOptions({
    queryKey: ['orders', 'detail', orderID] as const,
    queryFn: ({ signal }) => getOrder(orderID, signal),
  });
}

export function useOrder(orderID: string) {
  return useQuery(orderQueryOptions(orderID));
}
