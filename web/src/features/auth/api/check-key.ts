// Whether the server accepts a key: GET /api/orders?limit=1 with it (any role may read).
import { ApiError, api, authHeaders, unwrap } from '@/lib/api-client';

export type KeyCheck = { ok: true } | { ok: false; message: string };

export async function checkKey(key: string): Promise<KeyCheck> {
  try {
    await unwrap(api.GET('/api/orders', { params: { query: { limit: 1 } }, headers: authHeaders(key) }));
    return { ok: true };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      return {
        ok: false,
        message: 'This key was not accepted: it is unknown or has been revoked. Check that you pasted the whole key.',
      };
    }
    if (e instanceof ApiError && e.status === 0) {
      return { ok: false, message: 'The server could not be reached. Check that packprod is running.' };
    }
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
