// GET /api/reports/statistics: order-value percentiles, weekday/hour, status and segments.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { Statistics } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

export async function getStatistics(range: DayRange | null, signal?: AbortSignal): Promise<Statistics> {
  const query = rangeParams(range);
  return (await unwrap(api.GET('/api/reports/statistics', { params: { query }, signal }))).data;
}

export function statisticsQueryOptions(range: DayRange | null) {
  return queryOptions({
    queryKey: ['reports', 'statistics', range] as const,
    queryFn: ({ signal }) => getStatistics(range, signal),
    placeholderData: keepPreviousData,
  });
}

export function useStatistics(range: DayRange | null, enabled = true) {
  return useQuery({ ...statisticsQueryOptions(range), enabled });
}
