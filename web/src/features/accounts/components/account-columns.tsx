import { createColumnHelper } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';
import { DateTime } from '@/components/ui/date-time';
import { ListLink } from '@/components/ui/list-link';
import type { CsvColumn } from '@/lib/csv';
import { formatInt, formatMoney } from '@/lib/format';
import type { Account } from '@/types/api';
import { ACCOUNT_SORTS } from '@/features/accounts/api/get-accounts';

const col = createColumnHelper<Account>();

export const accountHref = (a: { accountID: string }) => `/accounts/${encodeURIComponent(a.accountID)}`;

export function isAccountSort(id: string): id is (typeof ACCOUNT_SORTS)[number] {
  return (ACCOUNT_SORTS as readonly string[]).includes(id);
}

// "company", "domain" or "contact" as the list shows it.
export const KIND_LABELS: Record<Account['kind'], string> = {
  company: 'Company',
  domain: 'E-mail domain',
  contact: 'Single buyer',
};

// Sortable columns are those the API sorts on (its ids are the API's sort names).
export const accountColumns = [
  col.accessor('name', {
    header: 'Account',
    cell: (c) => (
      <div>
        <ListLink to={accountHref(c.row.original)}>{c.getValue()}</ListLink>
        <div className="muted small">{KIND_LABELS[c.row.original.kind]}</div>
      </div>
    ),
  }),
  col.accessor('contactCount', {
    header: 'Contacts',
    enableSorting: false,
    meta: { align: 'right' },
    cell: (c) => formatInt(c.getValue()),
  }),
  col.accessor('segment', {
    header: 'Segment',
    enableSorting: false,
    cell: (c) => (c.getValue() ? <Badge tone={c.getValue() ?? ''}>{c.getValue()}</Badge> : '—'),
  }),
  col.accessor('purchaseFrequency', { header: 'Frequency', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  col.accessor((a) => a.reorder?.status ?? null, {
    id: 'reorder',
    header: 'Reorder',
    enableSorting: false,
    cell: (c) => (c.getValue() ? <Badge tone={c.getValue() ?? ''}>{c.getValue()}</Badge> : '—'),
  }),
  col.accessor('orderCount', { header: 'Orders', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('totalSpend', { header: 'Total spend', meta: { align: 'right' }, cell: (c) => formatMoney(c.getValue()) }),
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

export const accountCsvColumns: CsvColumn<Account>[] = [
  { header: 'accountID', value: (a) => a.accountID },
  { header: 'name', value: (a) => a.name },
  { header: 'kind', value: (a) => a.kind },
  { header: 'contactCount', value: (a) => a.contactCount },
  { header: 'segment', value: (a) => a.segment },
  { header: 'purchaseFrequency', value: (a) => a.purchaseFrequency },
  { header: 'orderCount', value: (a) => a.orderCount },
  { header: 'totalSpend', value: (a) => a.totalSpend },
  { header: 'averageOrderValue', value: (a) => a.averageOrderValue },
  { header: 'firstOrderDate', value: (a) => a.firstOrderDate },
  { header: 'lastOrderDate', value: (a) => a.lastOrderDate },
  { header: 'lastOrderReference', value: (a) => a.lastOrderReference },
  { header: 'reorderStatus', value: (a) => a.reorder?.status ?? null },
  { header: 'cadenceDays', value: (a) => a.reorder?.cadenceDays ?? null },
  { header: 'expectedDate', value: (a) => a.reorder?.expectedDate ?? null },
];
