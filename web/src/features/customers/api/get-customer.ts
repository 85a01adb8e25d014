// GET /api/customers/{contactID}: one customer's metrics, recent orders and top products.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';
import type { CustomerDetail } from '@/types/api';

export async function getCustomer(contactID: string, signal?: AbortSignal): Promise<CustomerDetail> {
  return (await apiGet<CustomerDetail>(`/api/customers/${encodeURIComponent(contactID)}`, {}, { signal })).data;
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
