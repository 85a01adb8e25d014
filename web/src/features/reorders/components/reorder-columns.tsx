import { createColumnHelper } from '@tanstack/react-table';
import { ListLink } from '@/components/ui/list-link';
import type { CsvColumn } from '@/lib/csv';
import { formatInt, formatMoney } from '@/lib/format';
import type { Reorder } from '@/types/api';

const col = createColumnHelper<Reorder>();

export const reorderHref = (r: { contactID: string }) => `/customers/${encodeURIComponent(r.contactID)}`;

/** "in 3 days", "today", "5 days late": daysOverdue for people. */
export function describeTiming(daysOverdue: number): string {
  if (daysOverdue === 0) return 'today';
  const n = Math.abs(daysOverdue);
  const days = n === 1 ? '1 day' : `${formatInt(n)} days`;
  return daysOverdue < 0 ? `in ${days}` : `${days} late`;
}

export const reorderColumns = [
  col.accessor('name', {
    header: 'Customer',
    enableSorting: false,
    cell: (c) => <ListLink to={reorderHref(c.row.original)}>{c.getValue() ?? c.row.original.email}</ListLink>,
  }),
  col.accessor('company', { header: 'Company', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  col.accessor('status', { header: 'Status', enableSorting: false }),
  col.accessor('expectedDate', { header: 'Expected', enableSorting: false }),
  col.accessor('daysOverdue', { header: 'When', enableSorting: false, cell: (c) => describeTiming(c.getValue()) }),
  col.accessor('cadenceDays', {
    header: 'Every (days)',
    enableSorting: false,
    meta: { align: 'right' },
    cell: (c) => formatInt(c.getValue()),
  }),
  col.accessor('lastOrderDate', { header: 'Last order', enableSorting: false }),
  col.accessor('orderCount', { header: 'Orders', enableSorting: false, meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('averageOrderValue', {
    header: 'Avg order',
    enableSorting: false,
    meta: { align: 'right' },
    cell: (c) => formatMoney(c.getValue()),
  }),
];

export const reorderCsvColumns: CsvColumn<Reorder>[] = [
  { header: 'contactID', value: (r) => r.contactID },
  { header: 'name', value: (r) => r.name },
  { header: 'email', value: (r) => r.email },
  { header: 'company', value: (r) => r.company },
  { header: 'status', value: (r) => r.status },
  { header: 'orderCount', value: (r) => r.orderCount },
  { header: 'cadenceDays', value: (r) => r.cadenceDays },
  { header: 'lastOrderDate', value: (r) => r.lastOrderDate },
  { header: 'expectedDate', value: (r) => r.expectedDate },
  { header: 'daysOverdue', value: (r) => r.daysOverdue },
  { header: 'averageOrderValue', value: (r) => r.averageOrderValue },
];
