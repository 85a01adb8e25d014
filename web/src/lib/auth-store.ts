// The API key the dashboard signs in with. Kept in sessionStorage (per tab, gone when the
// tab closes); components read it with useApiKey() and re-render when it changes.
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'packprod.apiKey';
const listeners = new Set<() => void>();
let signOutReason: string | null = null;

export function getApiKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  signOutReason = null;
  listeners.forEach((l) => l());
}

/** Forgets the key; `reason` is shown on the sign-in page (e.g. the key was revoked). */
export function clearApiKey(reason: string | null = null): void {
  sessionStorage.removeItem(STORAGE_KEY);
  signOutReason = reason;
  listeners.forEach((l) => l());
}

export function takeSignOutReason(): string | null {
  return signOutReason;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useApiKey(): string | null {
  return useSyncExternalStore(subscribe, getApiKey, () => null);
}
