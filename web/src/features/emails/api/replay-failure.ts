// POST /api/ingest/failures/{id}/replay (admin): read the message again with today's rules.
// Answers imported | duplicate | failed; the queue is refetched either way.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { FAILURES_KEY } from '@/features/emails/api/get-failures';
import type { ReplayResult } from '@/features/emails/api/types';

export async function replayFailure(id: number): Promise<ReplayResult> {
  const path = { failureID: String(id) };
  return (await unwrap(api.POST('/api/ingest/failures/{failureID}/replay', { params: { path } }))).data;
}

export function useReplayFailure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: replayFailure,
    onSettled: () => qc.invalidateQueries({ queryKey: [...FAILURES_KEY, 'list'] }),
  });
}
