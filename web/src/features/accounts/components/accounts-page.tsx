// Accounts: buyers grouped by company (else e-mail domain); search, segment chips, sort
// by any column the API sorts on, paging, CSV.
import { useCallback } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { ExportButton } from '@/components/data-table/export-button';
import { UrlTablePager } from '@/components/data-table/url-table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { ChipGroup } from '@/components/ui/chip-group';
import { SearchInput } from '@/components/ui/search-input';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { knownValues, useUrlState } from '@/lib/url-state';
import { SEGMENTS } from '@/types/api';
import { type AccountsFilter, getAccounts, useAccounts } from '@/features/accounts/api/get-accounts';
import {
  accountColumns,
  accountCsvColumns,
  accountHref,
  isAccountSort,
} from '@/features/accounts/components/account-columns';

export function AccountsPage() {
  const url = useUrlState();
  const limit = Number(url.get('limit')) || 50;
  const sortParam = url.get('sort');
  const sort = isAccountSort(sortParam) ? sortParam : 'totalSpend';
  const order = url.get('order') === 'asc' ? 'asc' : 'desc';
  const filter: AccountsFilter = {
    search: url.get('search') || undefined,
    segment: knownValues(url.getList('segment'), SEGMENTS),
    sort,
    order,
    limit,
  };
  const q = useAccounts(filter, url.cursor);
  const filterKey = JSON.stringify(filter);
  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) =>
      getAccounts({ ...(JSON.parse(filterKey) as AccountsFilter), limit: 500 }, cursor, signal),
    [filterKey],
  );

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="Buyers grouped by company, else by their e-mail domain (free-mail buyers stand alone)."
        actions={<ExportButton filename="accounts.csv" columns={accountCsvColumns} fetchPage={fetchPage} />}
      />
      <div className="filters">
        <SearchInput
          label="Search"
          placeholder="Company or domain"
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
        <Loading label="Loading accounts…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>No accounts match.</Empty>
      ) : (
        <>
          <DataTable
            caption="Accounts"
            testId="accounts-table"
            columns={accountColumns}
            data={q.data.items}
            rowKey={(a) => a.accountID}
            rowHref={accountHref}
            sort={{ id: sort, desc: order === 'desc' }}
            onSortChange={(s) =>
              isAccountSort(s.id) && url.set({ sort: s.id, order: s.desc ? 'desc' : 'asc' })
            }
          />
          <UrlTablePager url={url} page={q.data} pageSize={limit} resizable />
        </>
      )}
    </>
  );
}
