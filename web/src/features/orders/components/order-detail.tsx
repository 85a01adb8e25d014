// One order: its figures, customer, items and addresses.
import { Link } from 'react-router';
import { PageHeader } from '@/components/layout/page-header';
import { Badge } from '@/components/ui/badge';
import { ErrorState, Loading } from '@/components/ui/status';
import { formatDateTime, formatInt, formatMoney } from '@/lib/format';
import { useTimeZone } from '@/lib/shop';
import { useOrder } from '@/features/orders/api/get-order';

function Address({ title, value }: { title: string; value: Record<string, unknown> | null }) {
  if (!value) return null;
  return (
    <section className="card">
      <h2>{title}</h2>
      <address>
        {Object.values(value)
          .filter((v) => typeof v === 'string' || typeof v === 'number')
          .map((v, i) => (
            <div key={i}>{String(v)}</div>
          ))}
      </address>
    </section>
  );
}

export function OrderDetail({ orderID }: { orderID: string }) {
  const tz = useTimeZone();
  const q = useOrder(orderID);
  if (q.isPending) return <Loading label="Loading order…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  const money = (v: number | null) => formatMoney(v, o.currency);
  return (
    <>
      <PageHeader
        docTitle={`Order ${o.orderReference}`}
        back={{ to: '/orders', label: 'Orders' }}
        title={
          <>
            Order {o.orderReference} <Badge tone={o.status}>{o.status}</Badge>
          </>
        }
        subtitle={`Placed ${formatDateTime(o.createdAt, tz)}${o.source ? ` · via ${o.source}` : ''}`}
      />
      <div className="grid grid-3">
        <section className="card">
          <h2>Customer</h2>
          <p>
            <Link to={`/customers/${encodeURIComponent(o.contactID)}`}>{o.customer.name || o.customer.email}</Link>
          </p>
          <p className="muted">{o.customer.email}</p>
          {o.customer.company && <p>{o.customer.company}</p>}
        </section>
        <section className="card">
          <h2>Totals</h2>
          <dl className="kv">
            <dt>Subtotal</dt>
            <dd>{money(o.subtotal)}</dd>
            <dt>Shipping</dt>
            <dd>{money(o.shipping)}</dd>
            <dt>Tax</dt>
            <dd>{money(o.tax)}</dd>
            <dt>Total</dt>
            <dd data-testid="order-total">
              <strong>{money(o.total)}</strong>
            </dd>
          </dl>
        </section>
        <section className="card">
          <h2>Record</h2>
          <dl className="kv">
            <dt>Imported</dt>
            <dd>{formatDateTime(o.importedAt, tz)}</dd>
            <dt>Updated</dt>
            <dd>{formatDateTime(o.updatedAt, tz)}</dd>
            <dt>Lines / units</dt>
            <dd>
              {formatInt(o.lines)} / {formatInt(o.units)}
            </dd>
          </dl>
        </section>
      </div>
      <section className="card">
        <h2>Items</h2>
        <div className="table-wrap">
          <table className="data-table" data-testid="order-items">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col" className="align-right">Quantity</th>
                <th scope="col" className="align-right">Unit price</th>
                <th scope="col" className="align-right">Line total</th>
              </tr>
            </thead>
            <tbody>
              {o.items.map((it, i) => (
                <tr key={`${it.code}-${i}`}>
                  <td>
                    <Link to={`/products/${encodeURIComponent(it.code)}`}>{it.code}</Link>
                  </td>
                  <td>{it.name}</td>
                  <td className="align-right">{formatInt(it.quantity)}</td>
                  <td className="align-right">{money(it.unitPrice)}</td>
                  <td className="align-right">{money(it.lineTotal)}</td>
                </tr>
              ))}
              {o.items.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    This order has no items.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
      <div className="grid grid-2">
        <Address title="Shipping address" value={o.shippingAddress} />
        <Address title="Billing address" value={o.billingAddress} />
      </div>
    </>
  );
}
