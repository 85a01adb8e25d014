// The statistics of a period, one chart each: order values, weekday, hour, status, segment.
import { useMemo } from 'react';
import { CategoryChart } from '@/components/charts/category-chart';
import { HOURS, PALETTE, WEEKDAYS, recordSeries } from '@/components/charts/chart-data';
import { formatInt, formatMoney, formatMoneyCompact } from '@/lib/format';
import { ORDER_STATUSES, SEGMENTS, type Statistics } from '@/types/api';

export function OrderValueChart({ stats }: { stats: Statistics }) {
  const p = stats.orderValuePercentiles;
  const series = useMemo(
    () => [{ label: 'Order value', kind: 'bar' as const, color: PALETTE.primary, values: [p.p25, p.p50, p.p75, p.p90, p.p99], format: (v: number) => formatMoney(v), axisFormat: formatMoneyCompact }],
    [p],
  );
  return <CategoryChart title="Order value percentiles" labels={['p25', 'p50', 'p75', 'p90', 'p99']} series={series} testId="chart-percentiles" />;
}

export function WeekdayChart({ stats }: { stats: Statistics }) {
  const series = useMemo(
    () => [{ label: 'Orders', kind: 'bar' as const, color: PALETTE.green, values: stats.ordersByWeekday, format: formatInt }],
    [stats],
  );
  return <CategoryChart title="Orders by weekday" labels={WEEKDAYS} series={series} testId="chart-weekday" />;
}

export function HourChart({ stats }: { stats: Statistics }) {
  const series = useMemo(
    () => [{ label: 'Orders', kind: 'bar' as const, color: PALETTE.green, values: stats.ordersByHour, format: formatInt }],
    [stats],
  );
  return <CategoryChart title="Orders by hour of day" labels={HOURS} series={series} testId="chart-hour" />;
}

function RecordChart({ title, rec, order, color, testId }: { title: string; rec: Record<string, number>; order: readonly string[]; color: string; testId: string }) {
  const { labels, values } = useMemo(() => recordSeries(rec, order), [rec, order]);
  const series = useMemo(() => [{ label: 'Count', kind: 'bar' as const, color, values, format: formatInt }], [values, color]);
  return <CategoryChart title={title} labels={labels} series={series} testId={testId} />;
}

export function StatusChart({ stats }: { stats: Statistics }) {
  return <RecordChart title="Orders by status" rec={stats.statusCounts} order={ORDER_STATUSES} color={PALETTE.grey} testId="chart-status" />;
}

export function SegmentChart({ stats }: { stats: Statistics }) {
  return <RecordChart title="Customers by segment" rec={stats.segmentCounts} order={SEGMENTS} color={PALETTE.secondary} testId="chart-segment" />;
}

const FREQUENCIES = ['Weekly', 'Fortnightly', 'Monthly', 'Quarterly', 'Yearly', 'One-time'];

export function FrequencyChart({ stats }: { stats: Statistics }) {
  return <RecordChart title="Customers by purchase frequency" rec={stats.frequencyCounts} order={FREQUENCIES} color={PALETTE.primary} testId="chart-frequency" />;
}
