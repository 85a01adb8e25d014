// Pure shaping of the failure queue for display: the failing field, the replay outcome,
// the navigation badge.
import type { IngestFailure, ReplayResult } from '@/features/emails/api/types';

/** The field that failed, or what an empty one means: the message could not be read. */
export function failingField(f: Pick<IngestFailure, 'field'>): string {
  return f.field || '(whole message)';
}

/** The navigation badge: nothing when the queue is empty or not known yet; "99+" above 99. */
export function badgeText(count: number | null | undefined): string | null {
  if (!count || count < 0) return null;
  return count > 99 ? '99+' : String(count);
}

export interface Outcome {
  tone: 'ok' | 'info' | 'error';
  text: string;
}

/** What a replay did, in words. */
export function replayOutcome(r: ReplayResult): Outcome {
  switch (r.result) {
    case 'imported':
      return {
        tone: 'ok',
        text: `Imported${r.import ? ` (order ${r.import})` : ''}${r.template ? ` with the ${r.template} template` : ''}. The e-mail left the queue.`,
      };
    case 'duplicate':
      return { tone: 'info', text: 'Already imported: this message was imported before. The e-mail left the queue.' };
    case 'failed':
      return {
        tone: 'error',
        text: `Still failing${r.field ? ` on ${r.field}` : ''}: ${r.reason ?? 'unknown reason'}. It stays in the queue.`,
      };
    case 'dismissed':
      return { tone: 'info', text: 'This message was dismissed before: nothing was imported.' };
  }
}
