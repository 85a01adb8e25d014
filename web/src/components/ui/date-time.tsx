// An instant shown in the shop's time zone (from GET /api/client), with the exact UTC
// time as a tooltip.
import { formatDate, formatDateTime } from '@/lib/format';
import { useTimeZone } from '@/lib/shop';

export function DateTime({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  const tz = useTimeZone();
  if (!value) return <>—</>;
  return (
    <time dateTime={value} title={value}>
      {dateOnly ? formatDate(value, tz) : formatDateTime(value, tz)}
    </time>
  );
}
