// One account: its metrics, reorder rhythm and contacts (each opens the customer); CSV of
// the contacts.
import { Link } from 'react-router';
import { PageHeader } from '@/components/layout/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { StatCard } from '@/components/ui/stat-card';
import { ErrorState, Loading } from '@/components/ui/status';
import { downloadText, toCsv } from '@/lib/csv';
import { formatDate, formatInt, formatMoney } from '@/lib/format';
import { useTimeZone } from '@/lib/shop';
import { customerCsvColumns, customerHref } from '@/features/customers/components/customer-columns';
import { useAccount } from '@/features/accounts/api/get-account';
import { KIND_LABELS } from '@/features/accounts/components/account-columns';

export function AccountDetail({ accountID }: { accountID: string }) {
  const tz = useTimeZone();
  const q = useAccount(accountID);
  if (q.isPending) return <Loading label="Loading account…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const a = q.data;
  const r = a.reorder;
  return (
    <>
      <PageHeader
        docTitle={a.name}
        back={{ to: '/accounts', label: 'Accounts' }}
        title={
          <>
            {a.name} {a.segment && <Badge tone={a.segment}>{a.segment}</Badge>}
          </>
        }
        subtitle={`${KIND_LABELS[a.kind]} · ${a.contactCount} contact${a.contactCount === 1 ? '' : 's'}`}
        actions={
          <Button onClick={() => downloadText('account-contacts.csv', toCsv(a.contacts, customerCsvColumns))}>
            Export CSV
          </Button>
        }
      />
      <div className="grid grid-4" data-testid="account-metrics">
        <StatCard label="Total spend" value={formatMoney(a.totalSpend)} testId="account-total-spend" />
        <StatCard label="Orders" value={formatInt(a.orderCount)} testId="account-order-count" />
        <StatCard label="Average order" value={formatMoney(a.averageOrderValue)} />
        <StatCard label="Purchase frequency" value={a.purchaseFrequency ?? '—'} />
        <StatCard label="First order" value={formatDate(a.firstOrderDate, tz)} />
        <StatCard
          label="Last order"
          value={formatDate(a.lastOrderDate, tz)}
          hint={a.lastOrderDaysAgo !== null ? `${a.lastOrderDaysAgo} days ago · ${a.lastOrderReference ?? ''}` : undefined}
        />
        <StatCard
          label="Reorder"
          value={r ? r.status : '—'}
          hint={r ? `usually every ${r.cadenceDays} days; expected ${r.expectedDate}` : 'fewer than 3 orders'}
        />
      </div>
      <section className="card">
        <h2>Contacts</h2>
        <div className="table-wrap">
          <table className="data-table" data-testid="account-contacts">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Company</th>
                <th scope="col" className="align-right">Orders</th>
                <th scope="col" className="align-right">Total spend</th>
                <th scope="col">Last order</th>
              </tr>
            </thead>
            <tbody>
              {a.contacts.map((c) => (
                <tr key={c.contactID}>
                  <td>
                    <Link to={customerHref(c)}>{c.name || c.email}</Link>
                    <div className="muted small">{c.email}</div>
                  </td>
                  <td>{c.company ?? '—'}</td>
                  <td className="align-right">{formatInt(c.orderCount)}</td>
                  <td className="align-right">{formatMoney(c.totalSpend)}</td>
                  <td>{formatDate(c.lastOrderDate, tz)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
