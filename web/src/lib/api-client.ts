// One way to call the API: a client typed from docs/openapi.yaml (openapi-fetch over the
// generated `paths`), so a path, its parameters and its answer are checked at compile time.
// It adds the key, and `unwrap` turns a failed call into ApiError (status, code, message,
// details). Retry and 401 handling live in query-client.
import createClient from 'openapi-fetch';
import { getApiKey } from '@/lib/auth-store';
import type { Meta, Page } from '@/types/api';
import type { paths } from '@/types/openapi.gen';

type QueryValue = string | number | boolean | null | undefined | readonly string[];

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

/** The non-empty params as a query string (no `?`); arrays become comma lists. */
export function serializeQuery(params: Record<string, QueryValue> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else {
      q.set(k, String(v));
    }
  }
  return q.toString();
}

export function authHeaders(key: string | null = getApiKey()): Record<string, string> {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** The API, typed by docs/openapi.yaml: `api.GET('/api/orders/{orderID}', {params: ...})`. */
export const api = createClient<paths>({
  querySerializer: (query) => serializeQuery(query as Record<string, QueryValue>),
  // Looked up per call, so a test or the e2e harness may replace it.
  fetch: (request) => globalThis.fetch(request),
});
api.use({
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    if (!request.headers.has('Authorization')) {
      for (const [k, v] of Object.entries(authHeaders())) request.headers.set(k, v);
    }
    return request;
  },
});

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
}

function errorOf(res: Response, body: unknown): ApiError {
  const e = (body as ErrorBody | undefined)?.error;
  if (e) return new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.details ?? []);
  return new ApiError(res.status, 'http_' + res.status, `HTTP ${res.status} ${res.statusText}`);
}

/** The answer of an `api` call; a failed call (network, 4xx, 5xx) throws ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!r.response.ok || r.data === undefined) throw errorOf(r.response, r.error);
  return r.data;
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
