// GET /api/reorders: contacts with a reorder cadence and their status as of today, by
// value at risk.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, pageOf, unwrap } from '@/lib/api-client';
import type { Page, Reorder, ReorderStatus } from '@/types/api';

export interface ReordersFilter {
  status?: ReorderStatus[];
  limit?: number;
}

export async function getReorders(
  filter: ReordersFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Reorder>> {
  const query = {
    status: filter.status && filter.status.length > 0 ? filter.status : undefined,
    limit: filter.limit,
    cursor: cursor ?? undefined,
  };
  const env = await unwrap(api.GET('/api/reorders', { params: { query }, signal }));
  return pageOf(env.data, env.meta);
}

export function reordersQueryOptions(filter: ReordersFilter, cursor: string | null) {
  return queryOptions({
    queryKey: ['reorders', 'list', filter, cursor] as const,
    queryFn: ({ signal }) => getReorders(filter, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReorders(filter: ReordersFilter, cursor: string | null) {
  return useQuery(reordersQueryOptions(filter, cursor));
}
