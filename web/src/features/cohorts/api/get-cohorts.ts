// GET /api/reports/cohorts: customers by first-order month, each later month's share still
// ordering and revenue.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { CohortMetric, Cohorts } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

export async function getCohorts(range: DayRange | null, metric: CohortMetric, signal?: AbortSignal): Promise<Cohorts> {
  const query = { ...rangeParams(range), metric };
  return (await unwrap(api.GET('/api/reports/cohorts', { params: { query }, signal }))).data;
}

export function cohortsQueryOptions(range: DayRange | null, metric: CohortMetric) {
  return queryOptions({
    queryKey: ['reports', 'cohorts', range, metric] as const,
    queryFn: ({ signal }) => getCohorts(range, metric, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCohorts(range: DayRange | null, metric: CohortMetric) {
  return useQuery(cohortsQueryOptions(range, metric));
}
