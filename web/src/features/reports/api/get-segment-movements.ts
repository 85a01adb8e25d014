// GET /api/segments/movements: the period's segment movements per (from, to), and the
// contacts of one transition.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { DayRange } from '@/lib/date-range';
import type { Segment, SegmentMovements } from '@/types/api';
import { rangeParams } from '@/features/reports/api/report-range';

/** A transition to list: `from` null is a contact's first order. */
export interface Transition {
  from: Segment | null;
  to: Segment;
}

export interface MovementsResult {
  movements: SegmentMovements;
  nextCursor: string | null;
  total: number | null;
}

export async function getSegmentMovements(
  range: DayRange | null,
  transition: Transition | null,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<MovementsResult> {
  const query = {
    ...rangeParams(range),
    ...(transition ? { fromSegment: transition.from ?? ('none' as const), toSegment: transition.to, limit: 20 } : {}),
    cursor: cursor ?? undefined,
  };
  const env = await unwrap(api.GET('/api/segments/movements', { params: { query }, signal }));
  const meta = env.meta as { nextCursor?: string | null; total?: number };
  return { movements: env.data, nextCursor: meta.nextCursor ?? null, total: meta.total ?? null };
}

export function segmentMovementsQueryOptions(range: DayRange | null, transition: Transition | null, cursor: string | null) {
  return queryOptions({
    queryKey: ['reports', 'movements', range, transition, cursor] as const,
    queryFn: ({ signal }) => getSegmentMovements(range, transition, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSegmentMovements(range: DayRange | null, transition: Transition | null, cursor: string | null, enabled = true) {
  return useQuery({ ...segmentMovementsQueryOptions(range, transition, cursor), enabled });
}
