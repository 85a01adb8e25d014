// One product: its all-time figures and the orders (every status) that contain it.
import { Link } from 'react-router';
import { UrlTablePager } from '@/components/data-table/url-table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { Badge } from '@/components/ui/badge';
import { StatCard } from '@/components/ui/stat-card';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { formatDate, formatDateTime, formatInt, formatMoney } from '@/lib/format';
import { useTimeZone } from '@/lib/shop';
import { useUrlState } from '@/lib/url-state';
import { useProductOrders } from '@/features/products/api/get-product-orders';

const PAGE = 50;

export function ProductDetail({ code }: { code: string }) {
  const tz = useTimeZone();
  const url = useUrlState();
  const q = useProductOrders(code, url.cursor, PAGE);
  if (q.isPending) return <Loading label="Loading product…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data.product;
  return (
    <>
      <PageHeader back={{ to: '/products', label: 'Products' }} title={p.code} subtitle={p.name ?? undefined} />
      <div className="grid grid-4" data-testid="product-metrics">
        <StatCard label="Revenue" value={formatMoney(p.revenue)} testId="product-revenue" />
        <StatCard label="Units" value={formatInt(p.units)} testId="product-units" />
        <StatCard label="Orders" value={formatInt(p.orders)} testId="product-orders" />
        <StatCard label="Customers" value={formatInt(p.customers)} />
        <StatCard label="First ordered" value={formatDate(p.firstOrderedAt, tz)} />
        <StatCard label="Last ordered" value={formatDate(p.lastOrderedAt, tz)} />
      </div>
      <section className="card">
        <h2>Orders containing {p.code}</h2>
        {q.data.items.length === 0 ? (
          <Empty>No orders contain this product.</Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="data-table" data-testid="product-orders-table">
                <thead>
                  <tr>
                    <th scope="col">Order</th>
                    <th scope="col">Placed</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="align-right">Quantity</th>
                    <th scope="col" className="align-right">Line revenue</th>
                    <th scope="col" className="align-right">Order total</th>
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
                        <Link to={`/customers/${encodeURIComponent(o.contactID)}`}>{o.customer.name || o.customer.email}</Link>
                      </td>
                      <td>
                        <Badge tone={o.status}>{o.status}</Badge>
                      </td>
                      <td className="align-right">{formatInt(o.quantity)}</td>
                      <td className="align-right">{formatMoney(o.lineRevenue, o.currency)}</td>
                      <td className="align-right">{formatMoney(o.total, o.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <UrlTablePager url={url} page={q.data} pageSize={PAGE} />
          </>
        )}
      </section>
    </>
  );
}
