// E-mails: the order e-mails that could not be read or imported (the failure queue),
// oldest first; each opens its detail page (raw message, replay, dismiss).
import { DataTable } from '@/components/data-table/data-table';
import { PageHeader } from '@/components/layout/page-header';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { formatInt } from '@/lib/format';
import { useFailures } from '@/features/emails/api/get-failures';
import { failureColumns, failureHref } from '@/features/emails/components/failure-columns';

export function EmailsPage() {
  const q = useFailures();
  return (
    <>
      <PageHeader
        title="E-mails"
        subtitle="Order e-mails that could not be read or imported. Open one to see the message, replay it or dismiss it."
      />
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>No failed e-mails: every order e-mail was imported.</Empty>
      ) : (
        <section className="card">
          <DataTable
            caption="Failed order e-mails"
            columns={failureColumns}
            data={q.data.items}
            rowHref={failureHref}
            rowKey={(f) => String(f.id)}
            testId="failures-table"
          />
          {q.data.total > q.data.items.length && (
            <p className="muted small">
              The oldest {formatInt(q.data.items.length)} of {formatInt(q.data.total)} are shown; replay or dismiss
              them to see the rest.
            </p>
          )}
        </section>
      )}
    </>
  );
}
