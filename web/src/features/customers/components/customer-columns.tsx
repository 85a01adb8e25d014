import { createColumnHelper } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';
import { DateTime } from '@/components/ui/date-time';
import { ListLink } from '@/components/ui/list-link';
import type { CsvColumn } from '@/lib/csv';
import { formatInt, formatMoney } from '@/lib/format';
import type { Customer } from '@/types/api';
import { CUSTOMER_SORTS } from '@/features/customers/api/get-customers';

const col = createColumnHelper<Customer>();

export const customerHref = (c: { contactID: string }) => `/customers/${encodeURIComponent(c.contactID)}`;

export function isCustomerSort(id: string): id is (typeof CUSTOMER_SORTS)[number] {
  return (CUSTOMER_SORTS as readonly string[]).includes(id);
}

// Sortable columns are those the API sorts on (its ids are the API's sort names).
export const customerColumns = [
  col.accessor((c) => c.name || c.email, {
    id: 'name',
    header: 'Customer',
    cell: (c) => (
      <div>
        <ListLink to={customerHref(c.row.original)}>{c.getValue()}</ListLink>
        <div className="muted small">{c.row.original.email}</div>
      </div>
    ),
  }),
  col.accessor((c) => c.company ?? '', { id: 'company', header: 'Company', enableSorting: false }),
  col.accessor('segment', {
    header: 'Segment',
    enableSorting: false,
    cell: (c) => (c.getValue() ? <Badge tone={c.getValue() ?? ''}>{c.getValue()}</Badge> : '—'),
  }),
  col.accessor('purchaseFrequency', { header: 'Frequency', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  col.accessor('orderCount', { header: 'Orders', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('totalSpend', { header: 'Total spend', meta: { align: 'right' }, cell: (c) => formatMoney(c.getValue()) }),
  col.accessor('averageOrderValue', {
    header: 'Avg order',
    enableSorting: false,
    meta: { align: 'right' },
    cell: (c) => formatMoney(c.getValue()),
  }),
  col.accessor('firstOrderDate', { header: 'First order', cell: (c) => <DateTime value={c.getValue()} dateOnly /> }),
  col.accessor('lastOrderDate', {
    header: 'Last order',
    cell: (c) => (
      <span title={c.row.original.lastOrderReference ?? undefined}>
        {<DateTime value={c.getValue()} dateOnly />}
        {c.row.original.lastOrderDaysAgo !== null && (
          <span className="muted small"> ({c.row.original.lastOrderDaysAgo} d ago)</span>
        )}
      </span>
    ),
  }),
];

export const customerCsvColumns: CsvColumn<Customer>[] = [
  { header: 'contactID', value: (c) => c.contactID },
  { header: 'name', value: (c) => c.name },
  { header: 'email', value: (c) => c.email },
  { header: 'company', value: (c) => c.company },
  { header: 'segment', value: (c) => c.segment },
  { header: 'purchaseFrequency', value: (c) => c.purchaseFrequency },
  { header: 'orderCount', value: (c) => c.orderCount },
  { header: 'totalSpend', value: (c) => c.totalSpend },
  { header: 'averageOrderValue', value: (c) => c.averageOrderValue },
  { header: 'firstOrderDate', value: (c) => c.firstOrderDate },
  { header: 'lastOrderDate', value: (c) => c.lastOrderDate },
  { header: 'lastOrderReference', value: (c) => c.lastOrderReference },
  { header: 'lastOrderDaysAgo', value: (c) => c.lastOrderDaysAgo },
];
