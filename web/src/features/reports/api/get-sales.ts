// GET /api/reports/sales: orders and revenue per day, week or month of a period.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { Interval, Sales } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

export async function getSales(range: DayRange | null, interval: Interval, signal?: AbortSignal): Promise<Sales> {
  const query = { ...rangeParams(range), interval };
  return (await unwrap(api.GET('/api/reports/sales', { params: { query }, signal }))).data;
}

export function salesQueryOptions(range: DayRange | null, interval: Interval) {
  return queryOptions({
    queryKey: ['reports', 'sales', range, interval] as const,
    queryFn: ({ signal }) => getSales(range, interval, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSales(range: DayRange | null, interval: Interval, enabled = true) {
  return useQuery({ ...salesQueryOptions(range, interval), enabled });
}
