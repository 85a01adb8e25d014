// Customers: search, segment chips, sort by any column the API sorts on, paging, CSV.
import { useCallback, useEffect } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { ExportButton } from '@/components/data-table/export-button';
import { UrlTablePager } from '@/components/data-table/url-table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { ChipGroup } from '@/components/ui/chip-group';
import { SearchInput } from '@/components/ui/search-input';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { markOnce } from '@/lib/perf-marks';
import { knownValues, useUrlState } from '@/lib/url-state';
import { SEGMENTS } from '@/types/api';
import { type CustomersFilter, getCustomers, useCustomers } from '@/features/customers/api/get-customers';
import {
  customerColumns,
  customerCsvColumns,
  customerHref,
  isCustomerSort,
} from '@/features/customers/components/customer-columns';

export function CustomersPage() {
  const url = useUrlState();
  const limit = Number(url.get('limit')) || 50;
  const sortParam = url.get('sort');
  const sort = isCustomerSort(sortParam) ? sortParam : 'totalSpend';
  const order = url.get('order') === 'asc' ? 'asc' : 'desc';
  const filter: CustomersFilter = {
    search: url.get('search') || undefined,
    segment: knownValues(url.getList('segment'), SEGMENTS),
    sort,
    order,
    limit,
  };
  const q = useCustomers(filter, url.cursor);
  const hasRows = q.isSuccess && q.data.items.length > 0;
  useEffect(() => {
    if (hasRows) markOnce('customers:first-rows');
  }, [hasRows]);
  const filterKey = JSON.stringify(filter);
  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) =>
      getCustomers({ ...(JSON.parse(filterKey) as CustomersFilter), limit: 500 }, cursor, signal),
    [filterKey],
  );

  return (
    <>
      <PageHeader
        title="Customers"
        actions={<ExportButton filename="customers.csv" columns={customerCsvColumns} fetchPage={fetchPage} />}
      />
      <div className="filters">
        <SearchInput
          label="Search"
          placeholder="Name, e-mail or company"
          value={url.get('search')}
          onChange={(v) => url.set({ search: v }, { replace: true })}
        />
        <ChipGroup
          label="Segment"
          options={SEGMENTS.map((s) => ({ value: s }))}
          selected={url.getList('segment')}
          onChange={(s) => url.set({ segment: s })}
        />
      </div>
      {q.isPending ? (
        <Loading label="Loading customers…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>No customers match.</Empty>
      ) : (
        <>
          <DataTable
            caption="Customers"
            testId="customers-table"
            columns={customerColumns}
            data={q.data.items}
            rowKey={(c) => c.contactID}
            rowHref={customerHref}
            sort={{ id: sort, desc: order === 'desc' }}
            onSortChange={(s) =>
              isCustomerSort(s.id) && url.set({ sort: s.id, order: s.desc ? 'desc' : 'asc' })
            }
          />
          <UrlTablePager url={url} page={q.data} pageSize={limit} resizable />
        </>
      )}
    </>
  );
}
