// GET /api/accounts: company accounts with their metrics; search, segments, sort, paging.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Account, Page, Segment } from '@/types/api';

export const ACCOUNT_SORTS = ['totalSpend', 'orderCount', 'lastOrderDate', 'firstOrderDate', 'name'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface AccountsFilter {
  search?: string;
  segment?: Segment[];
  sort?: AccountSort;
  order?: 'asc' | 'desc';
  limit?: number;
}

export async function getAccounts(
  filter: AccountsFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Account>> {
  const query = { ...filter, cursor: cursor ?? undefined };
  const env = await unwrap(api.GET('/api/accounts', { params: { query }, signal }));
  return pageOf(env.data, env.meta);
}

export function accountsQueryOptions(filter: AccountsFilter, cursor: string | null) {
  return queryOptions({
    queryKey: ['accounts', 'list', filter, cursor] as const,
    queryFn: ({ signal }) => getAccounts(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAccounts(filter: AccountsFilter, cursor: string | null) {
  return useQuery(accountsQueryOptions(filter, cursor));
}
