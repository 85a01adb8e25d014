// GET /api/ingest/failures/{id}: one failed e-mail with its raw message.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { FAILURES_KEY } from '@/features/emails/api/get-failures';
import type { IngestFailureDetail } from '@/features/emails/api/types';

export async function getFailure(id: number, signal?: AbortSignal): Promise<IngestFailureDetail> {
  const path = { failureID: String(id) };
  return (await unwrap(api.GET('/api/ingest/failures/{failureID}', { params: { path }, signal }))).data;
}

export function failureQueryOptions(id: number) {
  return queryOptions({
    queryKey: [...FAILURES_KEY, 'one', id] as const,
    queryFn: ({ signal }) => getFailure(id, signal),
  });
}

export function useFailure(id: number) {
  return useQuery(failureQueryOptions(id));
}
