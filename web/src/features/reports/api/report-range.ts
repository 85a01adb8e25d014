import type { DayRange } from '@/lib/date-range';

/** The `from`/`to` params of a report; none (the server's default period) when null. */
export function rangeParams(range: DayRange | null): { from?: string; to?: string } {
  return range ? { from: range.from, to: range.to } : {};
}
