// Whole-server figures from the per-route rows.
import type { Performance } from '@/types/api';

export interface PerformanceTotals {
  requests: number;
  errors: number;
  errorRate: number | null;
  /** Weighted by requests over the routes that have a cache (null when none). */
  cacheHitRate: number | null;
}

export function totalsOf(p: Performance): PerformanceTotals {
  let requests = 0;
  let errors = 0;
  let cached = 0;
  let hits = 0;
  for (const r of p.routes) {
    requests += r.requests;
    errors += r.errors;
    if (r.cacheHitRate !== null) {
      cached += r.requests;
      hits += r.cacheHitRate * r.requests;
    }
  }
  return {
    requests,
    errors,
    errorRate: requests ? errors / requests : null,
    cacheHitRate: cached ? hits / cached : null,
  };
}

export interface HistoryPoint {
  at: number;
  lagMsP90: number;
  backlog: number;
  requests: number;
}

/** Appends a sample, keeping the last `max`. */
export function pushHistory(history: HistoryPoint[], p: Performance, at: number, max = 60): HistoryPoint[] {
  const point = { at, lagMsP90: p.stream.lagMsP90, backlog: p.stream.backlog, requests: totalsOf(p).requests };
  return [...history, point].slice(-max);
}
