import { createColumnHelper } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';
import { DateTime } from '@/components/ui/date-time';
import { ListLink } from '@/components/ui/list-link';
import type { CsvColumn } from '@/lib/csv';
import { formatInt, formatMoney } from '@/lib/format';
import type { OrderSummary } from '@/types/api';

const col = createColumnHelper<OrderSummary>();

export const orderHref = (o: { orderID: string }) => `/orders/${encodeURIComponent(o.orderID)}`;

export const orderColumns = [
  col.accessor('orderReference', {
    header: 'Order',
    cell: (c) => <ListLink to={orderHref(c.row.original)}>{c.getValue()}</ListLink>,
  }),
  col.accessor('createdAt', { header: 'Placed', cell: (c) => <DateTime value={c.getValue()} /> }),
  col.accessor((o) => o.customer.name || o.customer.email, {
    id: 'customer',
    header: 'Customer',
    cell: (c) => (
      <ListLink to={`/customers/${encodeURIComponent(c.row.original.contactID)}`}>{c.getValue()}</ListLink>
    ),
  }),
  col.accessor((o) => o.customer.company ?? '', { id: 'company', header: 'Company' }),
  col.accessor('status', { header: 'Status', cell: (c) => <Badge tone={c.getValue()}>{c.getValue()}</Badge> }),
  col.accessor('units', { header: 'Units', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('total', {
    header: 'Total',
    meta: { align: 'right' },
    cell: (c) => formatMoney(c.getValue(), c.row.original.currency),
  }),
];

export const orderCsvColumns: CsvColumn<OrderSummary>[] = [
  { header: 'orderID', value: (o) => o.orderID },
  { header: 'orderReference', value: (o) => o.orderReference },
  { header: 'createdAt', value: (o) => o.createdAt },
  { header: 'status', value: (o) => o.status },
  { header: 'currency', value: (o) => o.currency },
  { header: 'total', value: (o) => o.total },
  { header: 'lines', value: (o) => o.lines },
  { header: 'units', value: (o) => o.units },
  { header: 'contactID', value: (o) => o.contactID },
  { header: 'customerName', value: (o) => o.customer.name },
  { header: 'customerEmail', value: (o) => o.customer.email },
  { header: 'customerCompany', value: (o) => o.customer.company },
];
