// Data shaping for the charts: category labels plus series in, uPlot's aligned arrays out.
import type uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  kind: 'bar' | 'line';
  /** 'y' (left axis) or 'y2' (right axis). */
  scale?: 'y' | 'y2';
  color: string;
  format?: (v: number) => string;
  /** A shorter form for axis ticks (e.g. "$25k"); defaults to `format`. */
  axisFormat?: (v: number) => string;
}

/** x = 0..n-1 (one slot per label); each series padded or cut to the labels' length. */
export function alignedData(labels: readonly string[], series: readonly ChartSeries[]): uPlot.AlignedData {
  const xs = labels.map((_, i) => i);
  return [xs, ...series.map((s) => labels.map((_, i) => s.values[i] ?? 0))];
}

/** Every k-th label so that at most `max` show on an axis. */
export function labelStep(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, max)));
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** A record's entries as labels and values, in `order` first, then the rest by key. */
export function recordSeries(
  rec: Record<string, number>,
  order: readonly string[] = [],
): { labels: string[]; values: number[] } {
  const keys = [
    ...order.filter((k) => k in rec),
    ...Object.keys(rec)
      .filter((k) => !order.includes(k))
      .sort(),
  ];
  return { labels: keys, values: keys.map((k) => rec[k] ?? 0) };
}

export const PALETTE = {
  primary: '#2563eb',
  secondary: '#f59e0b',
  green: '#059669',
  red: '#dc2626',
  grey: '#64748b',
};
