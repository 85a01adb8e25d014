// DELETE /api/ingest/failures/{id} (admin): drop a failed e-mail from the queue.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { FAILURES_KEY } from '@/features/emails/api/get-failures';

export async function dismissFailure(id: number): Promise<{ id: number }> {
  const path = { failureID: String(id) };
  return (await unwrap(api.DELETE('/api/ingest/failures/{failureID}', { params: { path } }))).data;
}

export function useDismissFailure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: dismissFailure,
    onSettled: () => qc.invalidateQueries({ queryKey: [...FAILURES_KEY, 'list'] }),
  });
}
