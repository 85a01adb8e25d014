// Performance, live: per-route p50/p90/p99 and counts, error and cache-hit rates, the
// stream's lag and backlog, imports per hour. Polls every 5 s.
import { useEffect, useMemo, useState } from 'react';
import { CategoryChart } from '@/components/charts/category-chart';
import { PALETTE } from '@/components/charts/chart-data';
import { PageHeader } from '@/components/layout/page-header';
import { StatCard } from '@/components/ui/stat-card';
import { ErrorState, Loading } from '@/components/ui/status';
import { formatInt, formatMs, formatNumber, formatRate } from '@/lib/format';
import { useUrlState } from '@/lib/url-state';
import { WINDOWS, usePerformance } from '@/features/performance/api/get-performance';
import { type HistoryPoint, pushHistory, totalsOf } from '@/features/performance/components/performance-summary';

export function PerformancePage() {
  const url = useUrlState();
  const windowParam = url.get('window');
  const window = (WINDOWS as readonly string[]).includes(windowParam) ? windowParam : '1h';
  const q = usePerformance(window);
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  const [lastAt, setLastAt] = useState(0);
  if (q.data && q.dataUpdatedAt !== lastAt) {
    setLastAt(q.dataUpdatedAt);
    setHistory(pushHistory(history, q.data, q.dataUpdatedAt));
  }
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const labels = useMemo(() => history.map((h) => new Date(h.at).toLocaleTimeString()), [history]);
  const lagSeries = useMemo(
    () => [
      { label: 'Lag p90 (ms)', kind: 'line' as const, color: PALETTE.red, values: history.map((h) => h.lagMsP90), format: formatMs },
      { label: 'Backlog', kind: 'bar' as const, scale: 'y2' as const, color: PALETTE.grey, values: history.map((h) => h.backlog), format: formatInt },
    ],
    [history],
  );

  if (q.isPending) return <Loading label="Loading performance…" />;
  if (q.isError && !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  if (!p) return null;
  const t = totalsOf(p);
  const ageS = Math.max(0, Math.round((now - q.dataUpdatedAt) / 1000));
  const routes = [...p.routes].sort((a, b) => b.requests - a.requests);

  return (
    <>
      <PageHeader
        title="Performance"
        subtitle={`Last ${p.window} · updated ${ageS} s ago${q.isError ? ' · refresh failing' : ''}`}
        actions={
          <label className="field field-inline">
            <span className="field-label">Window</span>
            <select value={window} onChange={(e) => url.set({ window: e.target.value })}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </label>
        }
      />
      <div className="grid grid-kpi" data-testid="performance-totals">
        <StatCard label="Requests" value={formatInt(t.requests)} testId="perf-requests" />
        <StatCard label="Error rate (5xx)" value={formatRate(t.errorRate)} hint={`${formatInt(t.errors)} errors`} />
        <StatCard label="Cache hit rate" value={formatRate(t.cacheHitRate)} />
        <StatCard label="Stream backlog" value={formatInt(p.stream.backlog)} hint={`applied ${formatInt(p.stream.lastAppliedSeq)} / head ${formatInt(p.stream.headSeq)}`} testId="perf-backlog" />
        <StatCard label="Stream lag p50 / p90" value={`${formatMs(p.stream.lagMsP50)} / ${formatMs(p.stream.lagMsP90)}`} />
        <StatCard label="Imports per hour" value={formatNumber(p.imports.perHour)} hint={`${formatInt(p.imports.orders)} orders in ${p.window}`} />
      </div>
      <section className="card">
        <h2>Stream lag, live</h2>
        {history.length > 1 ? (
          <CategoryChart title="Lag p90 and backlog, one sample per refresh" labels={labels} series={lagSeries} testId="chart-lag" />
        ) : (
          <p className="muted">Collecting samples…</p>
        )}
      </section>
      <section className="card">
        <h2>Routes</h2>
        <div className="table-wrap">
          <table className="data-table" data-testid="routes-table">
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col" className="align-right">Requests</th>
                <th scope="col" className="align-right">Errors</th>
                <th scope="col" className="align-right">Error rate</th>
                <th scope="col" className="align-right">p50</th>
                <th scope="col" className="align-right">p90</th>
                <th scope="col" className="align-right">p99</th>
                <th scope="col" className="align-right">Cache hits</th>
              </tr>
            </thead>
            <tbody>
              {routes.map((r) => (
                <tr key={r.route}>
                  <td>
                    <code>{r.route}</code>
                  </td>
                  <td className="align-right">{formatInt(r.requests)}</td>
                  <td className="align-right">{formatInt(r.errors)}</td>
                  <td className="align-right">{formatRate(r.requests ? r.errors / r.requests : null)}</td>
                  <td className="align-right">{formatMs(r.p50Ms)}</td>
                  <td className="align-right">{formatMs(r.p90Ms)}</td>
                  <td className="align-right">{formatMs(r.p99Ms)}</td>
                  <td className="align-right">{formatRate(r.cacheHitRate)}</td>
                </tr>
              ))}
              {routes.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    No requests in this window.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
