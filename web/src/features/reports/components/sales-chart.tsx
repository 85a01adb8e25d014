import { useMemo } from 'react';
import { CategoryChart } from '@/components/charts/category-chart';
import { PALETTE } from '@/components/charts/chart-data';
import { formatDay, formatInt, formatMoney, formatMoneyCompact } from '@/lib/format';
import type { Sales } from '@/types/api';

/** Bucket labels: "20 Oct" for days and weeks, "Oct 2025" for months. */
export function bucketLabel(period: string, interval: Sales['interval']): string {
  const parts = formatDay(period).split(' ');
  return interval === 'month' ? `${parts[1]} ${parts[2]}` : `${parts[0]} ${parts[1]}`;
}

export function SalesChart({ sales }: { sales: Sales }) {
  const labels = useMemo(() => sales.buckets.map((b) => bucketLabel(b.period, sales.interval)), [sales]);
  const series = useMemo(
    () => [
      { label: 'Revenue', kind: 'bar' as const, color: PALETTE.primary, values: sales.buckets.map((b) => b.revenue), format: (v: number) => formatMoney(v), axisFormat: formatMoneyCompact },
      { label: 'Orders', kind: 'line' as const, scale: 'y2' as const, color: PALETTE.secondary, values: sales.buckets.map((b) => b.orders), format: formatInt },
    ],
    [sales],
  );
  return <CategoryChart title={`Sales by ${sales.interval}`} labels={labels} series={series} height={260} testId="sales-chart" />;
}
