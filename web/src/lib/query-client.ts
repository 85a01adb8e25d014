// The one QueryClient: retries network failures and 5xx (not other 4xx), signs out on 401.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client';
import { clearApiKey } from '@/lib/auth-store';

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status !== 0 && error.status < 500) return false;
  return failureCount < 2;
}

function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    clearApiKey('The server no longer accepts this key. Sign in again.');
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (n) => Math.min(500 * 2 ** n, 5000),
        staleTime: 15_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}
