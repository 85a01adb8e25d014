// GET /api/client: the signed-in key's shop (name, time zone, currency, local "today",
// segment settings) and the key's role. Shared by every page, so it lives here.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { useApiKey } from '@/lib/auth-store';

export interface Shop {
  clientID: string;
  name: string;
  timezone: string;
  currency: string;
  role: 'admin' | 'read';
  /** The shop's local date now, YYYY-MM-DD. */
  today: string;
  segmentSettings: { vipSpend: number; vipOrders: number; dormantDays: number; newDays: number };
}

export async function getShop(signal?: AbortSignal): Promise<Shop> {
  return (await unwrap(api.GET('/api/client', { signal }))).data;
}

export function shopQueryOptions(key: string | null) {
  return queryOptions({
    // Per key: another key may be another shop or role.
    queryKey: ['client', key] as const,
    queryFn: ({ signal }) => getShop(signal),
    // "today" moves at the shop's midnight; a few minutes late is fine.
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
    enabled: key !== null,
  });
}

export function useShop() {
  return useQuery(shopQueryOptions(useApiKey()));
}

/** The shop's IANA zone once known (undefined: the browser's, until then). */
export function useTimeZone(): string | undefined {
  return useShop().data?.timezone;
}

/** True only once the server said this key is an admin key. */
export function useIsAdmin(): boolean {
  return useShop().data?.role === 'admin';
}
