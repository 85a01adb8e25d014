// GET /api/reports/cohorts: customers by first-order month (or by the products of their
// first order), each later month's share still ordering and revenue.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { CohortBy, CohortMetric, Cohorts } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

export async function getCohorts(range: DayRange | null, metric: CohortMetric, by: CohortBy, signal?: AbortSignal): Promise<Cohorts> {
  const query = { ...rangeParams(range), metric, by };
  return (await unwrap(api.GET('/api/reports/cohorts', { params: { query }, signal }))).data;
}

export function cohortsQueryOptions(range: DayRange | null, metric: CohortMetric, by: CohortBy) {
  return queryOptions({
    queryKey: ['reports', 'cohorts', range, metric, by] as const,
    queryFn: ({ signal }) => getCohorts(range, metric, by, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCohorts(range: DayRange | null, metric: CohortMetric, by: CohortBy) {
  return useQuery(cohortsQueryOptions(range, metric, by));
}
