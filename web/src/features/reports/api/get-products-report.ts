// GET /api/reports/products: per-product figures for a period.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { ReportProduct } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

export type ProductsReportSort = 'revenue' | 'units' | 'orders';

export async function getProductsReport(
  range: DayRange | null,
  sort: ProductsReportSort,
  limit: number,
  signal?: AbortSignal,
): Promise<ReportProduct[]> {
  const query = { ...rangeParams(range), sort, limit };
  const env = await unwrap(api.GET('/api/reports/products', { params: { query }, signal }));
  return env.data.items;
}

export function productsReportQueryOptions(range: DayRange | null, sort: ProductsReportSort, limit: number) {
  return queryOptions({
    queryKey: ['reports', 'products', range, sort, limit] as const,
    queryFn: ({ signal }) => getProductsReport(range, sort, limit, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProductsReport(range: DayRange | null, sort: ProductsReportSort, limit = 20, enabled = true) {
  return useQuery({ ...productsReportQueryOptions(range, sort, limit), enabled });
}
