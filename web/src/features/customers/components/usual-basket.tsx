// A customer's usual basket: every product they have bought, how often and how much,
// with its own cadence ("usually every 5 weeks; last 6 weeks ago"), and a CSV export.
// Fetched from GET /api/customers/{contactID}/basket, apart from the customer detail.
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { useCustomerBasket } from '@/features/customers/api/get-customer-basket';
import { type CsvColumn, downloadText, toCsv } from '@/lib/csv';
import { formatDate, formatInt, formatMoney } from '@/lib/format';
import type { UsualBasketItem } from '@/types/api';

export const usualBasketCsvColumns: CsvColumn<UsualBasketItem>[] = [
  { header: 'code', value: (r) => r.code },
  { header: 'name', value: (r) => r.name },
  { header: 'timesOrdered', value: (r) => r.timesOrdered },
  { header: 'units', value: (r) => r.units },
  { header: 'revenue', value: (r) => r.revenue },
  { header: 'medianQuantity', value: (r) => r.medianQuantity },
  { header: 'lastQuantity', value: (r) => r.lastQuantity },
  { header: 'lastUnitPrice', value: (r) => r.lastUnitPrice },
  { header: 'firstOrdered', value: (r) => r.firstOrdered },
  { header: 'lastOrdered', value: (r) => r.lastOrdered },
  { header: 'lastOrderReference', value: (r) => r.lastOrderReference },
  { header: 'cadenceDays', value: (r) => r.cadenceDays },
  { header: 'summary', value: (r) => r.summary },
];

/** The export's file name: usual-basket-<contact id>.csv, safe for any file system. */
export function basketFilename(contactID: string): string {
  return `usual-basket-${contactID.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
}

export function UsualBasket({ contactID, timeZone }: { contactID: string; timeZone?: string }) {
  const q = useCustomerBasket(contactID);
  if (q.isPending) return <Loading label="Loading usual basket…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const { items, total } = q.data;
  if (items.length === 0) return <Empty>No products yet.</Empty>;
  return (
    <>
      {total > items.length && (
        <p className="muted small">
          The {formatInt(items.length)} most ordered of {formatInt(total)} products.
        </p>
      )}
      <div className="export">
        <Button onClick={() => downloadText(basketFilename(contactID), toCsv(items, usualBasketCsvColumns))}>
          Export CSV
        </Button>
      </div>
      <div className="table-wrap">
        <table className="data-table" data-testid="customer-usual-basket">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="align-right">Orders</th>
              <th scope="col" className="align-right">Usual qty</th>
              <th scope="col" className="align-right">Last qty</th>
              <th scope="col" className="align-right">Last unit price</th>
              <th scope="col">Last ordered</th>
              <th scope="col">Rhythm</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.code}>
                <td className="wrap">
                  <Link to={`/products/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                  <div className="muted small">{p.name}</div>
                </td>
                <td className="align-right">{formatInt(p.timesOrdered)}</td>
                <td className="align-right">{formatInt(p.medianQuantity)}</td>
                <td className="align-right">{formatInt(p.lastQuantity)}</td>
                <td className="align-right">{formatMoney(p.lastUnitPrice)}</td>
                <td>{formatDate(p.lastOrdered, timeZone)}</td>
                <td className="wrap">{p.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
