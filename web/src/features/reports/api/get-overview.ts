// GET /api/reports/overview: KPIs for a period and the previous period of equal length.
// Without a range it is the server's default period (30 local days ending today in the
// shop's time zone).
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { Overview } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

export async function getOverview(range: DayRange | null, signal?: AbortSignal): Promise<Overview> {
  const query = rangeParams(range);
  return (await unwrap(api.GET('/api/reports/overview', { params: { query }, signal }))).data;
}

export function overviewQueryOptions(range: DayRange | null) {
  return queryOptions({
    queryKey: ['reports', 'overview', range] as const,
    queryFn: ({ signal }) => getOverview(range, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOverview(range: DayRange | null, enabled = true) {
  return useQuery({ ...overviewQueryOptions(range), enabled });
}
