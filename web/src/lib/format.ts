// Display formats: money, counts, percentages, times. Pure functions.

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(value: number | null | undefined, currency = 'AUD'): string {
  if (value === null || value === undefined) return '—';
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-AU', { style: 'currency', currency });
    moneyFormats.set(currency, f);
  }
  return f.format(value);
}

const compactMoney = new Intl.NumberFormat('en-AU', {
  style: 'currency',
  currency: 'AUD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** "$25K", "$1.2M": for chart axes. */
export function formatMoneyCompact(value: number): string {
  return compactMoney.format(value);
}

const intFormat = new Intl.NumberFormat('en-AU');
const decimalFormat = new Intl.NumberFormat('en-AU', { maximumFractionDigits: 2 });

export function formatInt(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : intFormat.format(value);
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimalFormat.format(value);
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}

/** 0.1234 → "12.3%"; null → "—". */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

/** Change of `current` against `previous` as a fraction; null when previous is 0. */
export function relativeChange(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / Math.abs(previous);
}

/** "+12.3%", "−4.0%", "new" (previous was zero), "0.0%". */
export function formatChange(change: number | null): string {
  if (change === null) return 'new';
  const pct = (change * 100).toFixed(1);
  if (change > 0) return `+${pct}%`;
  if (change < 0) return `−${pct.slice(1)}%`;
  return '0.0%';
}

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};
const dateOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const dateFormat = new Intl.DateTimeFormat('en-AU', dateOptions);
const zoned = new Map<string, Intl.DateTimeFormat>();

/** A formatter in `timeZone` (IANA; the browser's when undefined or unknown). */
function zonedFormat(options: Intl.DateTimeFormatOptions, kind: string, timeZone?: string) {
  const id = `${kind}|${timeZone ?? ''}`;
  let f = zoned.get(id);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-AU', { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-AU', options);
    }
    zoned.set(id, f);
  }
  return f;
}

/** An instant as a date and time in `timeZone` (the shop's), e.g. "20 Oct 2025, 09:30 am". */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  return iso ? zonedFormat(dateTimeOptions, 'dt', timeZone).format(new Date(iso)) : '—';
}

/** The local date of an instant in `timeZone` (the shop's). */
export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  return iso ? zonedFormat(dateOptions, 'd', timeZone).format(new Date(iso)) : '—';
}

/** "2025-10-20" (a local calendar day) → "20 Oct 2025", without time-zone shifts. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat.format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12)));
}
