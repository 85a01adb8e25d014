// Report periods: presets resolved against the shop's "today" (a local calendar day,
// YYYY-MM-DD, in the shop's time zone), with plain calendar arithmetic.

export type RangePreset = '7d' | '30d' | '90d' | 'this-month' | 'last-month' | 'ytd' | 'custom';

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'this-month', label: 'This month' },
  { value: 'last-month', label: 'Last month' },
  { value: 'ytd', label: 'Year to date' },
  { value: 'custom', label: 'Custom' },
];

export interface DayRange {
  from: string;
  to: string;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string | null | undefined): s is string {
  if (!s || !DAY_RE.test(s)) return false;
  const d = parseDay(s);
  return toDay(d) === s;
}

function parseDay(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function toDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = parseDay(day);
  d.setUTCDate(d.getUTCDate() + n);
  return toDay(d);
}

/** Whole days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / 86_400_000) + 1;
}

/** The days of `preset` ending on or containing `today`; null for 'custom'. */
export function resolvePreset(preset: RangePreset, today: string): DayRange | null {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = (year: number, month: number) => toDay(new Date(Date.UTC(year, month - 1, 1)));
  switch (preset) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'this-month':
      return { from: first(y, m), to: today };
    case 'last-month':
      return { from: first(y, m - 1), to: addDays(first(y, m), -1) };
    case 'ytd':
      return { from: first(y, 1), to: today };
    case 'custom':
      return null;
  }
}

/** The interval that keeps a sales chart readable for a range of `days`. */
export function suggestedInterval(days: number): 'day' | 'week' | 'month' {
  if (days <= 62) return 'day';
  if (days <= 370) return 'week';
  return 'month';
}
