// GET /api/orders?contactID=: a customer's whole order history, newest first, paged.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { OrderSummary, Page } from '@/types/api';

export async function getCustomerOrders(
  contactID: string,
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<Page<OrderSummary>> {
  const query = { contactID, cursor: cursor ?? undefined, limit };
  const env = await unwrap(api.GET('/api/orders', { params: { query }, signal }));
  return pageOf(env.data, env.meta);
}

export function customerOrdersQueryOptions(contactID: string, cursor: string | null, limit: number) {
  return queryOptions({
    queryKey: ['orders', 'by-customer', contactID, cursor, limit] as const,
    queryFn: ({ signal }) => getCustomerOrders(contactID, cursor, limit, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCustomerOrders(contactID: string, cursor: string | null, limit = 20) {
  return useQuery(customerOrdersQueryOptions(contactID, cursor, limit));
}
