// GET /api/performance: per-route latency and counts, stream lag and backlog, imports;
// polled while the page is open.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { Performance } from '@/types/api';

export const WINDOWS = ['5m', '15m', '1h', '6h', '24h'] as const;

export async function getPerformance(window: string, signal?: AbortSignal): Promise<Performance> {
  return (await unwrap(api.GET('/api/performance', { params: { query: { window } }, signal }))).data;
}

export function performanceQueryOptions(window: string, refreshMs = 5000) {
  return queryOptions({
    queryKey: ['performance', window] as const,
    queryFn: ({ signal }) => getPerformance(window, signal),
    refetchInterval: refreshMs,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

export function usePerformance(window: string) {
  return useQuery(performanceQueryOptions(window));
}
