// GET /api/performance?window=1m, for its `stream` part only: how far the views lag
// behind the change log (backlog) and the recent commit-to-applied lag.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { StreamState } from '@/types/api';

export async function getStreamState(signal?: AbortSignal): Promise<StreamState> {
  const query = { window: '1m' };
  return (await unwrap(api.GET('/api/performance', { params: { query }, signal }))).data.stream;
}

export function streamStateQueryOptions() {
  return queryOptions({
    queryKey: ['stream-state'] as const,
    queryFn: ({ signal }) => getStreamState(signal),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

export function useStreamState() {
  return useQuery(streamStateQueryOptions());
}
