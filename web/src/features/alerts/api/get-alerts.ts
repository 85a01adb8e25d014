// GET /api/alerts: the shop's active and recent alerts with their deliveries, and the
// weekly digest's last sending (any key). Polled every 30 s for the header.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/openapi.gen';

export type AlertDelivery = components['schemas']['AlertDelivery'];
export type Alert = components['schemas']['Alert'];
export type DigestStatus = components['schemas']['DigestStatus'];
export type Alerts = components['schemas']['Alerts'];

export const ALERTS_KEY = ['alerts'] as const;
export const ALERTS_REFRESH_MS = 30_000;

export async function getAlerts(signal?: AbortSignal): Promise<Alerts> {
  return (await unwrap(api.GET('/api/alerts', { signal }))).data;
}

export function alertsQueryOptions() {
  return queryOptions({
    queryKey: ALERTS_KEY,
    queryFn: ({ signal }) => getAlerts(signal),
    refetchInterval: ALERTS_REFRESH_MS,
  });
}

export function useAlerts(enabled = true) {
  return useQuery({ ...alertsQueryOptions(), enabled });
}
