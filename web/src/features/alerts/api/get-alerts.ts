// GET /api/alerts: the shop's active and recent alerts with their deliveries, and the
// weekly digest's last sending (any key). Polled every 30 s for the header.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

export interface AlertDelivery {
  event: 'fired' | 'resolved';
  channel: 'email' | 'webhook';
  target: string;
  state: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface Alert {
  id: number;
  rule: string;
  type: 'noOrders' | 'emailFailures' | 'streamLag' | 'errorRate';
  state: 'firing' | 'resolved';
  message: string;
  value: number;
  threshold: number;
  firedAt: string;
  resolvedAt: string | null;
  deliveries: AlertDelivery[];
}

export interface DigestStatus {
  lastSentWeek: string | null;
  lastSentAt: string | null;
  failure: { week: string; error: string; attempts: number; nextAttemptAt: string } | null;
}

export interface Alerts {
  active: Alert[];
  recent: Alert[];
  digest: DigestStatus;
}

export const ALERTS_KEY = ['alerts'] as const;
export const ALERTS_REFRESH_MS = 30_000;

export async function getAlerts(signal?: AbortSignal): Promise<Alerts> {
  return (await apiGet<Alerts>('/api/alerts', {}, { signal })).data;
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
