// Cohorts: customers by the month of their first order, or by the products of their first
// order; for each later month the share still ordering (or the revenue) as a heat-map table.
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, Loading } from '@/components/ui/status';
import { formatInt, formatMoney } from '@/lib/format';
import { useShop } from '@/lib/shop';
import { useUrlState } from '@/lib/url-state';
import type { Cohort, CohortBy, CohortMetric } from '@/types/api';
import { useCohorts } from '@/features/cohorts/api/get-cohorts';

const METRICS: { value: CohortMetric; label: string }[] = [
  { value: 'customers', label: 'Share still ordering' },
  { value: 'revenue', label: 'Revenue' },
];
const SPANS = [6, 12, 24];
const GROUPINGS: { value: CohortBy; label: string }[] = [
  { value: 'month', label: 'By month' },
  { value: 'product', label: 'By first product' },
];

/** A cohort's row label: its month, or its product code with the product's name. */
export function cohortLabel(cohort: Cohort): string {
  if (!('name' in cohort)) return cohort.cohort;
  return cohort.name ? `${cohort.cohort} · ${cohort.name}` : cohort.cohort;
}

/** A cell's tooltip: its calendar month (by month) or its offset (by product). */
function cellTitle(cell: Cohort['months'][number]): string {
  const when = 'month' in cell ? cell.month : `Month ${cell.offset}`;
  return `${when}: ${formatInt(cell.customers)} customers, ${formatMoney(cell.revenue)}`;
}

/** The first day of the month `months - 1` months before `today`'s. */
export function spanStart(today: string, months: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - (months - 1);
  const yy = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-01`;
}

/** A cell's shade, 0..1 of the row's largest value; the text stays dark on every shade. */
export function heat(value: number, max: number): string {
  const t = max > 0 ? Math.min(1, value / max) : 0;
  return `hsl(215 85% ${Math.round(96 - 34 * t)}%)`;
}

function CohortRow({ cohort, metric, width }: { cohort: Cohort; metric: CohortMetric; width: number }) {
  const max = metric === 'revenue' ? Math.max(0, ...cohort.months.map((c) => c.value)) : 1;
  return (
    <tr>
      <th scope="row">{cohortLabel(cohort)}</th>
      <td className="align-right">{formatInt(cohort.customers)}</td>
      {Array.from({ length: width }, (_, i) => {
        const c: Cohort['months'][number] | undefined = cohort.months[i];
        if (!c) return <td key={i} />;
        const text = metric === 'revenue' ? formatMoney(c.revenue) : `${(c.share * 100).toFixed(1)}%`;
        return (
          <td
            key={i}
            className="align-right heat-cell"
            style={{ background: heat(c.value, max), color: '#111' }}
            title={cellTitle(c)}
          >
            {text}
          </td>
        );
      })}
    </tr>
  );
}

export function CohortsPage() {
  const url = useUrlState();
  const metric: CohortMetric = url.get('metric') === 'revenue' ? 'revenue' : 'customers';
  const span = SPANS.includes(Number(url.get('months'))) ? Number(url.get('months')) : 12;
  const by: CohortBy = url.get('by') === 'product' ? 'product' : 'month';
  const shop = useShop();
  const today = shop.data?.today ?? null;
  const range = today ? { from: spanStart(today, span), to: today } : null;
  const q = useCohorts(range, metric, by);
  const width = q.data ? Math.max(0, ...q.data.cohorts.map((c) => c.months.length)) : 0;
  return (
    <>
      <PageHeader
        title="Cohorts"
        subtitle={by === 'product' ? 'Customers by the products of their first order' : 'Customers by the month of their first order'}
      />
      <div className="filters">
        <div className="segmented" role="group" aria-label="Cohorts grouped">
          {GROUPINGS.map((g) => (
            <button key={g.value} type="button" className="chip" aria-pressed={by === g.value} onClick={() => url.set({ by: g.value })}>
              {g.label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Cohort metric">
          {METRICS.map((m) => (
            <button key={m.value} type="button" className="chip" aria-pressed={metric === m.value} onClick={() => url.set({ metric: m.value })}>
              {m.label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Cohorts shown">
          {SPANS.map((n) => (
            <button key={n} type="button" className="chip" aria-pressed={span === n} onClick={() => url.set({ months: String(n) })}>
              {n} months
            </button>
          ))}
        </div>
      </div>
      {shop.isError ? (
        <ErrorState error={shop.error} onRetry={() => shop.refetch()} />
      ) : !range || q.isPending ? (
        <Loading label="Loading cohorts…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        // Focusable: the heat map scrolls sideways when it has many months (keyboard access).
        <div className="table-wrap" role="region" aria-label="Cohort heat map" tabIndex={0}>
          <table className="data-table" data-testid="cohorts-table">
            <thead>
              <tr>
                <th scope="col">{by === 'product' ? 'First product' : 'Cohort'}</th>
                <th scope="col" className="align-right">Customers</th>
                {Array.from({ length: width }, (_, i) => (
                  <th key={i} scope="col" className="align-right">
                    Month {i}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.data.cohorts.map((c) => (
                <CohortRow key={c.cohort} cohort={c} metric={metric} width={width} />
              ))}
              {q.data.cohorts.length === 0 && (
                <tr>
                  <td colSpan={2} className="muted">
                    {by === 'product' ? 'No first orders with products in these months.' : 'No new customers in these months.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
