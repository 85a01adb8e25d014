// Reorders: who is due, overdue or lapsed by their own cadence, by value at risk; status
// chips, paging, CSV; each row opens the customer.
import { useCallback } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { ExportButton } from '@/components/data-table/export-button';
import { UrlTablePager } from '@/components/data-table/url-table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { ChipGroup } from '@/components/ui/chip-group';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { knownValues, useUrlState } from '@/lib/url-state';
import { REORDER_STATUSES } from '@/types/api';
import { type ReordersFilter, getReorders, useReorders } from '@/features/reorders/api/get-reorders';
import { reorderColumns, reorderCsvColumns, reorderHref } from '@/features/reorders/components/reorder-columns';

export function ReordersPage() {
  const url = useUrlState();
  const limit = Number(url.get('limit')) || 50;
  const filter: ReordersFilter = { status: knownValues(url.getList('status'), REORDER_STATUSES), limit };
  const q = useReorders(filter, url.cursor);
  const filterKey = JSON.stringify(filter);
  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) =>
      getReorders({ ...(JSON.parse(filterKey) as ReordersFilter), limit: 500 }, cursor, signal),
    [filterKey],
  );

  return (
    <>
      <PageHeader
        title="Reorders"
        subtitle="Customers with 3 or more orders, by their own reorder rhythm; highest average order first."
        actions={<ExportButton filename="reorders.csv" columns={reorderCsvColumns} fetchPage={fetchPage} />}
      />
      <div className="filters">
        <ChipGroup
          label="Status"
          options={REORDER_STATUSES.map((s) => ({ value: s }))}
          selected={url.getList('status')}
          onChange={(s) => url.set({ status: s })}
        />
      </div>
      {q.isPending ? (
        <Loading label="Loading reorders…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>No customers match.</Empty>
      ) : (
        <>
          <DataTable
            caption="Reorders"
            testId="reorders-table"
            columns={reorderColumns}
            data={q.data.items}
            rowKey={(r) => r.contactID}
            rowHref={reorderHref}
          />
          <UrlTablePager url={url} page={q.data} pageSize={limit} resizable />
        </>
      )}
    </>
  );
}
