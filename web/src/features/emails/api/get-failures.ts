// GET /api/ingest/failures: the order e-mails that could not be read or imported (any
// key). Polled every 30 s: the navigation shows the count.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Page } from '@/types/api';
import type { IngestFailure } from '@/features/emails/api/types';

export const FAILURES_KEY = ['ingest', 'failures'] as const;
export const FAILURES_REFRESH_MS = 30_000;

export async function getFailures(cursor: string | null, signal?: AbortSignal): Promise<Page<IngestFailure>> {
  const env = await unwrap(
    api.GET('/api/ingest/failures', { params: { query: { limit: 100, cursor: cursor ?? undefined } }, signal }),
  );
  return pageOf(env.data, env.meta);
}

export function failuresQueryOptions(cursor: string | null = null) {
  return queryOptions({
    queryKey: [...FAILURES_KEY, 'list', cursor] as const,
    queryFn: ({ signal }) => getFailures(cursor, signal),
    placeholderData: keepPreviousData,
    refetchInterval: FAILURES_REFRESH_MS,
  });
}

export function useFailures(cursor: string | null = null) {
  return useQuery(failuresQueryOptions(cursor));
}

/** The number of failed e-mails (the list's total), for the navigation badge. */
export function useFailureCount(enabled = true): number | null {
  const q = useQuery({ ...failuresQueryOptions(null), enabled });
  return q.data ? q.data.total : null;
}
