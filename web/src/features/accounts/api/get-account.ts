// GET /api/accounts/{accountID}: one account's metrics and its contacts.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AccountDetail } from '@/types/api';

export async function getAccount(accountID: string, signal?: AbortSignal): Promise<AccountDetail> {
  return (await unwrap(api.GET('/api/accounts/{accountID}', { params: { path: { accountID } }, signal }))).data;
}

export function accountQueryOptions(accountID: string) {
  return queryOptions({
    queryKey: ['accounts', 'detail', accountID] as const,
    queryFn: ({ signal }) => getAccount(accountID, signal),
  });
}

export function useAccount(accountID: string) {
  return useQuery(accountQueryOptions(accountID));
}
