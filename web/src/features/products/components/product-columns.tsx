import { createColumnHelper } from '@tanstack/react-table';
import { DateTime } from '@/components/ui/date-time';
import { ListLink } from '@/components/ui/list-link';
import type { CsvColumn } from '@/lib/csv';
import { formatInt, formatMoney } from '@/lib/format';
import type { Product } from '@/types/api';
import { PRODUCT_SORTS } from '@/features/products/api/get-products';

const col = createColumnHelper<Product>();

export const productHref = (p: { code: string }) => `/products/${encodeURIComponent(p.code)}`;

export function isProductSort(id: string): id is (typeof PRODUCT_SORTS)[number] {
  return (PRODUCT_SORTS as readonly string[]).includes(id);
}

export const productColumns = [
  col.accessor('code', {
    header: 'Code',
    cell: (c) => <ListLink to={productHref(c.row.original)}>{c.getValue()}</ListLink>,
  }),
  col.accessor('name', { header: 'Name', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  col.accessor('revenue', { header: 'Revenue', meta: { align: 'right' }, cell: (c) => formatMoney(c.getValue()) }),
  col.accessor('units', { header: 'Units', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('orders', { header: 'Orders', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('customers', { header: 'Customers', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
  col.accessor('lastOrderedAt', { header: 'Last ordered', enableSorting: false, cell: (c) => <DateTime value={c.getValue()} dateOnly /> }),
];

export const productCsvColumns: CsvColumn<Product>[] = [
  { header: 'code', value: (p) => p.code },
  { header: 'name', value: (p) => p.name },
  { header: 'revenue', value: (p) => p.revenue },
  { header: 'units', value: (p) => p.units },
  { header: 'orders', value: (p) => p.orders },
  { header: 'customers', value: (p) => p.customers },
  { header: 'firstOrderedAt', value: (p) => p.firstOrderedAt },
  { header: 'lastOrderedAt', value: (p) => p.lastOrderedAt },
];
