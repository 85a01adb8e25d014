// GET /api/events (server-sent events, read with fetch so the key stays in a header):
// `order` events refresh order lists at once; `metrics` events (the views applied a
// change) refresh customers, products and reports. Refreshes are coalesced per key
// family (orders within 0.5 s, the views' readers within 1 s, reports, which may be
// computed from the orders, within 5 s) so a bulk import does not refetch per batch.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { authHeaders } from '@/lib/api-client';
import { clearApiKey } from '@/lib/auth-store';
import { type SseEvent, readEventStream } from '@/lib/sse';
import { resetLive, updateLive } from '@/features/live/live-store';

interface OrderEventData {
  seq: number;
  orderIDs: string[];
  contactIDs: string[];
  created: number;
  updated: number;
}

interface MetricsEventData {
  seq: number;
  contactIDs: string[];
}

/** How long refreshes of a key family are held back to coalesce events. */
export function delayFor(key: readonly string[]): number {
  if (key[0] === 'orders' && key.length === 1) return 500;
  return key[0] === 'reports' ? 5000 : 1000;
}

/** Query-key prefixes to refresh for an event. */
export function keysFor(ev: SseEvent): (readonly string[])[] {
  if (ev.type === 'order') return [['orders']];
  if (ev.type === 'metrics') return [['customers'], ['products'], ['reports'], ['orders', 'by-product']];
  return [];
}

export function useLiveEvents(apiKey: string | null): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!apiKey) return;
    const ctl = new AbortController();
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const schedule = (key: readonly string[]) => {
      const id = key.join('/');
      if (timers.has(id)) return;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          void queryClient.invalidateQueries({ queryKey: key });
        }, delayFor(key)),
      );
    };
    const onEvent = (ev: SseEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      const now = Date.now();
      if (ev.type === 'order') {
        const d = data as OrderEventData;
        updateLive((s) => ({ orderSeq: Math.max(s.orderSeq, d.seq), lastEventAt: now, newOrders: s.newOrders + d.created }));
      } else if (ev.type === 'metrics') {
        const d = data as MetricsEventData;
        updateLive((s) => ({ appliedSeq: Math.max(s.appliedSeq, d.seq), lastEventAt: now }));
      }
      keysFor(ev).forEach(schedule);
    };
    updateLive({ status: 'connecting' });
    void readEventStream('/api/events', ctl.signal, {
      headers: authHeaders(apiKey),
      onOpen: () => updateLive({ status: 'live' }),
      onEvent,
      onError: (status) => {
        if (status === 401) clearApiKey('The server no longer accepts this key. Sign in again.');
        updateLive({ status: status === 401 || status === 403 || status === 404 ? 'off' : 'reconnecting' });
      },
    });
    return () => {
      ctl.abort();
      timers.forEach(clearTimeout);
      resetLive();
    };
  }, [apiKey, queryClient]);
}
