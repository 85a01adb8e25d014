// GET /api/customers/{contactID}/basket: the customer's usual basket (up to 1000 products).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Page, UsualBasketItem } from '@/types/api';

export const BASKET_LIMIT = 1000;

export async function getCustomerBasket(
  contactID: string,
  limit = BASKET_LIMIT,
  signal?: AbortSignal,
): Promise<Page<UsualBasketItem>> {
  const env = await unwrap(
    api.GET('/api/customers/{contactID}/basket', { params: { path: { contactID }, query: { limit } }, signal }),
  );
  return pageOf(env.data, env.meta);
}

export function customerBasketQueryOptions(contactID: string) {
  return queryOptions({
    queryKey: ['customers', 'basket', contactID] as const,
    queryFn: ({ signal }) => getCustomerBasket(contactID, BASKET_LIMIT, signal),
  });
}

export function useCustomerBasket(contactID: string) {
  return useQuery(customerBasketQueryOptions(contactID));
}
