// Reports: a period (preset or custom), KPI cards against the previous period, sales by
// day/week/month, the products report and the statistics charts.
import { Link } from 'react-router';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, Loading } from '@/components/ui/status';
import { type DayRange, type RangePreset, RANGE_PRESETS, daysBetween, isDay, resolvePreset, suggestedInterval } from '@/lib/date-range';
import { formatDay, formatInt, formatMoney } from '@/lib/format';
import { useShop } from '@/lib/shop';
import { useUrlState } from '@/lib/url-state';
import type { Interval } from '@/types/api';
import { useOverview } from '@/features/reports/api/get-overview';
import { type ProductsReportSort, useProductsReport } from '@/features/reports/api/get-products-report';
import { useSales } from '@/features/reports/api/get-sales';
import { useStatistics } from '@/features/reports/api/get-statistics';
import { KpiCards } from '@/features/reports/components/kpi-cards';
import { MovementsTable } from '@/features/reports/components/movements-table';
import { ProductsReportTable } from '@/features/reports/components/products-report-table';
import { RangePicker } from '@/features/reports/components/range-picker';
import { SalesChart } from '@/features/reports/components/sales-chart';
import {
  FrequencyChart,
  HourChart,
  OrderValueChart,
  SegmentChart,
  StatusChart,
  WeekdayChart,
} from '@/features/reports/components/statistics-charts';

const INTERVALS: Interval[] = ['day', 'week', 'month'];

/** The period the URL asks for, given the shop's today; null until today is known. */
export function rangeFromUrl(preset: RangePreset, from: string, to: string, today: string | null): DayRange | null {
  if (preset === 'custom') return isDay(from) && isDay(to) && from <= to ? { from, to } : null;
  return today ? resolvePreset(preset, today) : null;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function ReportsPage() {
  const url = useUrlState();
  const presetParam = url.get('range') as RangePreset;
  const preset: RangePreset = RANGE_PRESETS.some((p) => p.value === presetParam) ? presetParam : '30d';
  // The shop's today (its time zone, not the browser's), from GET /api/client.
  const todayQ = useShop();
  const today = todayQ.data?.today ?? null;
  const range = rangeFromUrl(preset, url.get('from'), url.get('to'), today);
  const days = range ? daysBetween(range.from, range.to) : 30;
  const intervalParam = url.get('interval') as Interval;
  const interval: Interval = INTERVALS.includes(intervalParam) ? intervalParam : suggestedInterval(days);
  const psortParam = url.get('psort') as ProductsReportSort;
  const psort: ProductsReportSort = ['units', 'orders'].includes(psortParam) ? psortParam : 'revenue';
  const ready = range !== null;

  const overview = useOverview(range, ready);
  const sales = useSales(range, interval, ready);
  const products = useProductsReport(range, psort, 20, ready);
  const stats = useStatistics(range, ready);

  if (todayQ.isError) return <ErrorState error={todayQ.error} onRetry={() => todayQ.refetch()} />;
  const shown = range ?? (today ? resolvePreset('30d', today) : null);

  return (
    <>
      <PageHeader
        title="Reports"
        subtitle={range ? `${formatDay(range.from)} – ${formatDay(range.to)} (${days} days)` : 'Choose a period'}
      />
      <RangePicker
        preset={preset}
        range={shown}
        onPreset={(p) => {
          const r = p === 'custom' ? shown : null;
          url.set({ range: p, from: r?.from ?? null, to: r?.to ?? null, interval: null });
        }}
        onCustom={(r) => url.set({ range: 'custom', from: r.from, to: r.to, interval: null })}
      />
      {!ready || overview.isPending ? (
        <Loading label="Loading reports…" />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : (
        <KpiCards overview={overview.data} />
      )}
      <Section title="Sales">
        <div className="segmented" role="group" aria-label="Sales interval">
          {INTERVALS.map((i) => (
            <button key={i} type="button" className="chip" aria-pressed={interval === i} onClick={() => url.set({ interval: i })}>
              By {i}
            </button>
          ))}
        </div>
        {sales.isPending ? (
          <Loading />
        ) : sales.isError ? (
          <ErrorState error={sales.error} onRetry={() => sales.refetch()} />
        ) : (
          <>
            <SalesChart sales={sales.data} />
            <p className="muted" data-testid="sales-totals">
              {formatInt(sales.data.totals.orders)} orders · {formatMoney(sales.data.totals.revenue)} ·{' '}
              {formatInt(sales.data.totals.customers)} customers · {formatInt(sales.data.totals.units)} units
            </p>
          </>
        )}
      </Section>
      <div className="grid grid-2">
        <Section title="Top products">
          {products.isPending ? (
            <Loading />
          ) : products.isError ? (
            <ErrorState error={products.error} onRetry={() => products.refetch()} />
          ) : (
            <ProductsReportTable rows={products.data} sort={psort} onSort={(s) => url.set({ psort: s })} />
          )}
        </Section>
        <Section title="Top customers">
          {overview.data ? (
            <ol className="rank-list" data-testid="top-customers">
              {overview.data.topCustomers.map((c) => (
                <li key={c.contactID}>
                  <Link to={`/customers/${encodeURIComponent(c.contactID)}`}>{c.name || c.contactID}</Link>
                  <span className="muted">
                    {formatMoney(c.revenue)} · {formatInt(c.orders)} orders
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <Loading />
          )}
        </Section>
      </div>
      <Section title="Segment movements">
        <MovementsTable range={range} />
      </Section>
      <Section title="Statistics">
        {stats.isPending ? (
          <Loading />
        ) : stats.isError ? (
          <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
        ) : (
          <div className="grid grid-2">
            <OrderValueChart stats={stats.data} />
            <StatusChart stats={stats.data} />
            <WeekdayChart stats={stats.data} />
            <HourChart stats={stats.data} />
            <SegmentChart stats={stats.data} />
            <FrequencyChart stats={stats.data} />
          </div>
        )}
      </Section>
    </>
  );
}
