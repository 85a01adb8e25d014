// GET /api/customers/{contactID}: one customer's metrics, recent orders and top products.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { CustomerDetail } from '@/types/api';

export async function getCustomer(contactID: string, signal?: AbortSignal): Promise<CustomerDetail> {
  return (await unwrap(api.GET('/api/customers/{contactID}', { params: { path: { contactID } }, signal }))).data;
}

export function customerQueryOptions(contactID: string) {
  return queryOptions({
    queryKey: ['customers', 'detail', contactID] as const,
    queryFn: ({ signal }) => getCustomer(contactID, signal),
  });
}

export function useCustomer(contactID: string) {
  return useQuery(customerQueryOptions(contactID));
}
