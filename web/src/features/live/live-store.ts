// What the live connection knows: its state, the newest change-log position seen in an
// `order` event, the newest position the views have applied (`metrics` events), and when
// the last event arrived. A tiny external store read with useLiveState().
import { useSyncExternalStore } from 'react';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

export interface LiveState {
  status: LiveStatus;
  orderSeq: number;
  appliedSeq: number;
  lastEventAt: number | null;
  newOrders: number;
}

const initial: LiveState = { status: 'off', orderSeq: 0, appliedSeq: 0, lastEventAt: null, newOrders: 0 };
let state = initial;
const listeners = new Set<() => void>();

export function updateLive(patch: Partial<LiveState> | ((s: LiveState) => Partial<LiveState>)): void {
  state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
  listeners.forEach((l) => l());
}

export function resetLive(): void {
  state = initial;
  listeners.forEach((l) => l());
}

export function getLive(): LiveState {
  return state;
}

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getLive,
    getLive,
  );
}

