import type { Performance } from '@/types/api';
import { pushHistory, totalsOf } from '@/features/performance/components/performance-summary';

const perf: Performance = {
  window: '1h',
  windowMinutes: 60,
  routes: [
    { route: '/api/customers', requests: 300, errors: 3, p50Ms: 1, p90Ms: 2, p99Ms: 5, cacheHitRate: 1 },
    { route: '/api/reports/statistics', requests: 100, errors: 0, p50Ms: 90, p90Ms: 100, p99Ms: 120, cacheHitRate: 0.5 },
    { route: '/healthz', requests: 600, errors: 1, p50Ms: 0.1, p90Ms: 0.1, p99Ms: 0.2, cacheHitRate: null },
  ],
  stream: { backlog: 4, lagMsP50: 10, lagMsP90: 30, lastAppliedSeq: 96, headSeq: 100 },
  imports: { orders: 12, perHour: 12 },
};

describe('performance totals', () => {
  it('sum requests and errors; weight the cache hit rate by requests where there is a cache', () => {
    const t = totalsOf(perf);
    expect(t.requests).toBe(1000);
    expect(t.errors).toBe(4);
    expect(t.errorRate).toBeCloseTo(0.004);
    expect(t.cacheHitRate).toBeCloseTo((300 + 50) / 400);
  });

  it('are empty-safe', () => {
    expect(totalsOf({ ...perf, routes: [] })).toEqual({ requests: 0, errors: 0, errorRate: null, cacheHitRate: null });
  });

  it('keep a bounded history of samples', () => {
    let h = pushHistory([], perf, 1);
    h = pushHistory(h, perf, 2, 2);
    h = pushHistory(h, perf, 3, 2);
    expect(h.map((p) => p.at)).toEqual([2, 3]);
    expect(h[1]).toEqual({ at: 3, lagMsP90: 30, backlog: 4, requests: 1000 });
  });
});
