// One way to call the API: adds the key, unwraps the envelope, turns error bodies into
// ApiError (status, code, message, details). Retry and 401 handling live in query-client.
import { getApiKey } from '@/lib/auth-store';
import type { Envelope, Meta, Page } from '@/types/api';

export type Params = Record<string, string | number | boolean | null | undefined | string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `path` plus the non-empty params as a query string; arrays become comma lists. */
export function buildUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function authHeaders(key: string | null = getApiKey()): Record<string, string> {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
    };
    if (body.error) {
      return new ApiError(
        res.status,
        body.error.code ?? 'error',
        body.error.message ?? res.statusText,
        body.error.details ?? [],
      );
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, 'http_' + res.status, `HTTP ${res.status} ${res.statusText}`);
}

export interface FetchOptions {
  signal?: AbortSignal;
  key?: string | null;
}

/** GET `path` and return the whole envelope. */
export async function apiGet<T>(
  path: string,
  params: Params = {},
  opts: FetchOptions = {},
): Promise<Envelope<T>> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, params), {
      headers: { Accept: 'application/json', ...authHeaders(opts.key ?? getApiKey()) },
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as Envelope<T>;
}

/** POST or DELETE `path` (no body) and return the whole envelope. */
export async function apiSend<T>(
  method: 'POST' | 'DELETE',
  path: string,
  opts: FetchOptions = {},
): Promise<Envelope<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...authHeaders(opts.key ?? getApiKey()) },
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as Envelope<T>;
}

/** GET a list endpoint: the items plus total and nextCursor from meta. */
export async function apiGetPage<T>(
  path: string,
  params: Params = {},
  opts: FetchOptions = {},
): Promise<Page<T>> {
  const env = await apiGet<T[]>(path, params, opts);
  return pageOf(env.data, env.meta);
}

export function pageOf<T>(items: T[], meta: Meta): Page<T> {
  return { items, total: meta.total ?? items.length, nextCursor: meta.nextCursor ?? null, meta };
}

/** A message for people: what went wrong and, where it helps, what to do. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    switch (e.status) {
      case 0:
        return 'The server could not be reached. Check that packprod is running.';
      case 401:
        return 'The API key was not accepted.';
      case 403:
        return "This key's role may not do that.";
      case 404:
        return 'Not found: it does not exist for this shop.';
      case 503:
        return 'The store is unavailable right now; try again shortly.';
      default:
        return e.details.length
          ? `${e.message}: ${e.details.map((d) => `${d.path} ${d.message}`).join('; ')}`
          : e.message;
    }
  }
  return e instanceof Error ? e.message : String(e);
}
