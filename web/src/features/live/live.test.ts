import type { LiveState } from '@/features/live/live-store';
import { delayFor, keysFor } from '@/features/live/api/use-live-events';
import { freshnessOf } from '@/features/live/components/freshness-indicator';

const live: LiveState = { status: 'live', orderSeq: 10, appliedSeq: 10, lastEventAt: 1_000, newOrders: 0 };
const stream = { backlog: 0, lagMsP50: 5, lagMsP90: 12, lastAppliedSeq: 10, headSeq: 10 };

describe('freshness', () => {
  it('is current when the views have applied every change', () => {
    const f = freshnessOf(live, stream, 6_000);
    expect(f.tone).toBe('ok');
    expect(f.label).toBe('Live · views current (lag p90 12 ms)');
    expect(f.detail).toBe('last change 5 s ago');
  });

  it('shows the backlog, or catching up when an order event is ahead of the views', () => {
    expect(freshnessOf(live, { ...stream, backlog: 1200 }, 1_000).label).toBe('Live · views 1,200 changes behind');
    const ahead = freshnessOf({ ...live, orderSeq: 12 }, stream, 1_000);
    expect(ahead).toMatchObject({ tone: 'warn', label: 'Live · views catching up' });
  });

  it('says when the connection is down', () => {
    expect(freshnessOf({ ...live, status: 'reconnecting' }, stream, 1_000).tone).toBe('warn');
    expect(freshnessOf({ ...live, status: 'off', lastEventAt: null }, undefined, 0)).toEqual({
      tone: 'off',
      label: 'Offline · views: checking',
      detail: 'no changes yet',
    });
  });
});

describe('live refresh', () => {
  it('refreshes orders on order events and the views\' readers on metrics events', () => {
    expect(keysFor({ id: '1', type: 'order', data: '{}' })).toEqual([['orders']]);
    expect(keysFor({ id: '2', type: 'metrics', data: '{}' })).toEqual([
      ['customers'],
      ['products'],
      ['reports'],
      ['orders', 'by-product'],
    ]);
    expect(keysFor({ id: '3', type: 'reset', data: '{}' })).toEqual([]);
    expect(delayFor(['orders'])).toBe(500);
    expect(delayFor(['orders', 'by-product'])).toBe(1000);
    expect(delayFor(['reports'])).toBe(5000);
  });
});
