// KPI cards: each figure of the period with its change against the previous period.
import { StatCard } from '@/components/ui/stat-card';
import { formatInt, formatMoney, relativeChange } from '@/lib/format';
import type { Overview, PeriodFigures } from '@/types/api';

/** The figures of a period (every field but the period itself). */
type KpiKey = Exclude<keyof PeriodFigures, 'period'>;

export interface Kpi {
  key: KpiKey;
  label: string;
  value: string;
  change: number | null;
}

const KPI_FIELDS: { key: KpiKey; label: string; money?: boolean }[] = [
  { key: 'revenue', label: 'Revenue', money: true },
  { key: 'orders', label: 'Orders' },
  { key: 'averageOrderValue', label: 'Average order', money: true },
  { key: 'customers', label: 'Customers' },
  { key: 'newCustomers', label: 'New customers' },
  { key: 'returningCustomers', label: 'Returning customers' },
  { key: 'units', label: 'Units' },
];

export function kpisOf(o: Overview): Kpi[] {
  return KPI_FIELDS.map(({ key, label, money }) => ({
    key,
    label,
    value: money ? formatMoney(o[key]) : formatInt(o[key]),
    change: relativeChange(o[key], o.previous[key]),
  }));
}

export function KpiCards({ overview }: { overview: Overview }) {
  return (
    <div className="grid grid-kpi" data-testid="kpi-cards">
      {kpisOf(overview).map((k) => (
        <StatCard key={k.key} label={k.label} value={k.value} change={k.change} testId={`kpi-${k.key}`} />
      ))}
    </div>
  );
}
