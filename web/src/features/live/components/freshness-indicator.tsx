// How fresh the figures are: the live connection, how far the views lag behind the
// orders, and when the last change arrived.
import { useEffect, useState } from 'react';
import { formatInt, formatMs } from '@/lib/format';
import type { StreamState } from '@/types/api';
import { useStreamState } from '@/features/live/api/get-stream-state';
import { type LiveState, useLiveState } from '@/features/live/live-store';

export interface Freshness {
  tone: 'ok' | 'warn' | 'off';
  label: string;
  detail: string;
}

export function freshnessOf(live: LiveState, stream: StreamState | undefined, now: number): Freshness {
  const connection =
    live.status === 'live' ? 'Live' : live.status === 'reconnecting' ? 'Reconnecting' : live.status === 'connecting' ? 'Connecting' : 'Offline';
  const last = live.lastEventAt ? `last change ${Math.max(0, Math.round((now - live.lastEventAt) / 1000))} s ago` : 'no changes yet';
  const behindByEvents = live.orderSeq > live.appliedSeq && live.lastEventAt !== null;
  const backlog = stream?.backlog ?? 0;
  let views: string;
  if (backlog > 0) views = `views ${formatInt(backlog)} changes behind`;
  else if (behindByEvents) views = 'views catching up';
  else if (stream) views = `views current (lag p90 ${formatMs(stream.lagMsP90)})`;
  else views = 'views: checking';
  const tone = live.status !== 'live' ? (live.status === 'off' ? 'off' : 'warn') : backlog > 0 || behindByEvents ? 'warn' : 'ok';
  return { tone, label: `${connection} · ${views}`, detail: last };
}

export function FreshnessIndicator() {
  const live = useLiveState();
  const stream = useStreamState();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const f = freshnessOf(live, stream.data, now);
  return (
    <div className={`freshness freshness-${f.tone}`} role="status" aria-live="polite" data-testid="freshness" data-status={live.status}>
      <span className="dot" aria-hidden="true" />
      <span>{f.label}</span>
      <span className="muted small freshness-detail">{f.detail}</span>
    </div>
  );
}
