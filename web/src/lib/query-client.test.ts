import { ApiError, describeError, serializeQuery } from '@/lib/api-client';
import { getApiKey, setApiKey, takeSignOutReason } from '@/lib/auth-store';
import { createQueryClient, shouldRetry } from '@/lib/query-client';

describe('query client', () => {
  it('retries network failures and 5xx twice, never other 4xx', () => {
    expect(shouldRetry(0, new ApiError(0, 'network', 'down'))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, 'unavailable', 'x'))).toBe(true);
    expect(shouldRetry(2, new ApiError(500, 'internal', 'x'))).toBe(false);
    expect(shouldRetry(0, new ApiError(400, 'invalid_argument', 'x'))).toBe(false);
    expect(shouldRetry(0, new ApiError(401, 'unauthorized', 'x'))).toBe(false);
  });

  it('signs out when a query is answered 401', async () => {
    setApiKey('pp_old');
    const client = createQueryClient();
    await client
      .fetchQuery({
        queryKey: ['x'],
        queryFn: () => Promise.reject(new ApiError(401, 'unauthorized', 'unknown or revoked API key')),
        retry: false,
      })
      .catch(() => undefined);
    expect(getApiKey()).toBeNull();
    expect(takeSignOutReason()).toMatch(/no longer accepts this key/);
  });
});

describe('api client', () => {
  it('builds query strings from the non-empty params', () => {
    expect(serializeQuery({ limit: 50, status: ['paid', 'failed'], search: '', cursor: null })).toBe(
      'limit=50&status=paid%2Cfailed',
    );
    expect(serializeQuery({ status: [] })).toBe('');
  });

  it('explains errors for people, with the failing fields', () => {
    expect(describeError(new ApiError(0, 'network', 'x'))).toMatch(/could not be reached/);
    expect(
      describeError(new ApiError(400, 'invalid_argument', 'bad date', [{ path: 'from', message: 'not a date' }])),
    ).toBe('bad date: from not a date');
  });
});
