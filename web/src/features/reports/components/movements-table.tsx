// The period's segment movements: how many contacts moved from one segment to another
// (time alone included: New -> Active, -> Dormant), and the contacts of one transition.
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState, Loading } from '@/components/ui/status';
import type { DayRange } from '@/lib/date-range';
import { formatDay, formatInt } from '@/lib/format';
import { type Transition, useSegmentMovements } from '@/features/reports/api/get-segment-movements';

function label(s: string | null): string {
  return s ?? 'First order';
}

function TransitionContacts({ range, transition }: { range: DayRange; transition: Transition }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const q = useSegmentMovements(range, transition, cursor);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const rows = q.data.movements.contacts ?? [];
  return (
    <>
      <div className="table-wrap">
        <table className="data-table" data-testid="movement-contacts">
          <caption className="muted small">
            {label(transition.from)} → {transition.to}: {formatInt(q.data.total)} contacts
          </caption>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.contactID}-${r.date}`}>
                <td className="wrap">
                  <Link to={`/customers/${encodeURIComponent(r.contactID)}`}>{r.name || r.email}</Link>
                </td>
                <td>{formatDay(r.date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" className="chip" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button
          type="button"
          className="chip"
          disabled={!q.data.nextCursor}
          onClick={() => q.data.nextCursor && setCursors([...cursors, q.data.nextCursor])}
        >
          Next
        </button>
      </div>
    </>
  );
}

export function MovementsTable({ range }: { range: DayRange | null }) {
  const [open, setOpen] = useState<Transition | null>(null);
  const q = useSegmentMovements(range, null, null, range !== null);
  if (!range || q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const rows = q.data.movements.movements;
  const same = (t: Transition) => open !== null && open.from === t.from && open.to === t.to;
  return (
    <>
      <div className="table-wrap">
        <table className="data-table" data-testid="movements-table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" className="align-right">Contacts</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={`${m.from ?? 'none'}-${m.to}`}>
                <td>{label(m.from)}</td>
                <td>{m.to}</td>
                <td className="align-right">
                  <button
                    type="button"
                    className="chip"
                    aria-pressed={same(m)}
                    aria-label={`${formatInt(m.contacts)} contacts from ${label(m.from)} to ${m.to}`}
                    onClick={() => setOpen(same(m) ? null : { from: m.from, to: m.to })}
                  >
                    {formatInt(m.contacts)}
                  </button>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  No contact changed segment in this period.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {open && <TransitionContacts key={`${open.from}-${open.to}-${range.from}-${range.to}`} range={range} transition={open} />}
    </>
  );
}
