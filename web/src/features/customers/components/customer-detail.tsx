// One customer: metrics, whole order history (paged), top products, usual basket.
import { useState } from 'react';
import { Link } from 'react-router';
import { TablePager } from '@/components/data-table/table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { Badge } from '@/components/ui/badge';
import { StatCard } from '@/components/ui/stat-card';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { formatDate, formatDateTime, formatInt, formatMoney } from '@/lib/format';
import { useTimeZone } from '@/lib/shop';
import { useCustomer } from '@/features/customers/api/get-customer';
import { useCustomerOrders } from '@/features/customers/api/get-customer-orders';
import { UsualBasket } from '@/features/customers/components/usual-basket';

const HISTORY_PAGE = 20;

function OrderHistory({ contactID }: { contactID: string }) {
  const tz = useTimeZone();
  const [trail, setTrail] = useState<(string | null)[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const q = useCustomerOrders(contactID, cursor, HISTORY_PAGE);
  if (q.isPending) return <Loading label="Loading orders…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (q.data.items.length === 0) return <Empty>No orders yet.</Empty>;
  return (
    <>
      <div className="table-wrap">
        <table className="data-table" data-testid="customer-orders">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col" className="align-right">Units</th>
              <th scope="col" className="align-right">Total</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((o) => (
              <tr key={o.orderID}>
                <td>
                  <Link to={`/orders/${encodeURIComponent(o.orderID)}`}>{o.orderReference}</Link>
                </td>
                <td>{formatDateTime(o.createdAt, tz)}</td>
                <td>
                  <Badge tone={o.status}>{o.status}</Badge>
                </td>
                <td className="align-right">{formatInt(o.units)}</td>
                <td className="align-right">{formatMoney(o.total, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <TablePager
        pageIndex={trail.length}
        pageSize={HISTORY_PAGE}
        count={q.data.items.length}
        total={q.data.total}
        hasNext={q.data.nextCursor !== null}
        onNext={() => {
          setTrail([...trail, cursor]);
          setCursor(q.data.nextCursor);
        }}
        onPrev={() => {
          setCursor(trail[trail.length - 1] ?? null);
          setTrail(trail.slice(0, -1));
        }}
      />
    </>
  );
}

export function CustomerDetail({ contactID }: { contactID: string }) {
  const tz = useTimeZone();
  const q = useCustomer(contactID);
  if (q.isPending) return <Loading label="Loading customer…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  return (
    <>
      <PageHeader
        docTitle={c.name || c.email}
        back={{ to: '/customers', label: 'Customers' }}
        title={
          <>
            {c.name || c.email} {c.segment && <Badge tone={c.segment}>{c.segment}</Badge>}
          </>
        }
        subtitle={[c.email, c.company].filter(Boolean).join(' · ')}
      />
      <div className="grid grid-4" data-testid="customer-metrics">
        <StatCard label="Total spend" value={formatMoney(c.totalSpend)} testId="customer-total-spend" />
        <StatCard label="Orders" value={formatInt(c.orderCount)} testId="customer-order-count" />
        <StatCard label="Average order" value={formatMoney(c.averageOrderValue)} />
        <StatCard label="Purchase frequency" value={c.purchaseFrequency ?? '—'} />
        <StatCard label="First order" value={formatDate(c.firstOrderDate, tz)} />
        <StatCard
          label="Last order"
          value={formatDate(c.lastOrderDate, tz)}
          hint={c.lastOrderDaysAgo !== null ? `${c.lastOrderDaysAgo} days ago · ${c.lastOrderReference ?? ''}` : undefined}
        />
      </div>
      <div className="grid grid-2-1">
        <section className="card">
          <h2>Order history</h2>
          <OrderHistory contactID={contactID} />
        </section>
        <section className="card">
          <h2>Top products</h2>
          {c.topProducts.length === 0 ? (
            <Empty>No products yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data-table" data-testid="customer-top-products">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col" className="align-right">Units</th>
                    <th scope="col" className="align-right">Revenue</th>
                  </tr>
                </thead>
                <tbody>
                  {c.topProducts.map((p) => (
                    <tr key={p.code}>
                      <td className="wrap">
                        <Link to={`/products/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                        <div className="muted small">{p.name}</div>
                      </td>
                      <td className="align-right">{formatInt(p.units)}</td>
                      <td className="align-right">{formatMoney(p.revenue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="usual-basket-title">
        <h2 id="usual-basket-title">Usual basket</h2>
        <UsualBasket contactID={contactID} timeZone={tz} />
      </section>
    </>
  );
}
