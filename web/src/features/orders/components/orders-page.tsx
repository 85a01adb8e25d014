// Orders: newest first, filtered by period, status and text; cursor paging; CSV export.
import { useCallback } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { ExportButton } from '@/components/data-table/export-button';
import { UrlTablePager } from '@/components/data-table/url-table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { ChipGroup } from '@/components/ui/chip-group';
import { SearchInput } from '@/components/ui/search-input';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { isDay } from '@/lib/date-range';
import { knownValues, useUrlState } from '@/lib/url-state';
import { ORDER_STATUSES } from '@/types/api';
import { type OrdersFilter, getOrders, useOrders } from '@/features/orders/api/get-orders';
import { orderColumns, orderCsvColumns, orderHref } from '@/features/orders/components/order-columns';

export function OrdersPage() {
  const url = useUrlState();
  const limit = Number(url.get('limit')) || 50;
  const filter: OrdersFilter = {
    from: isDay(url.get('from')) ? url.get('from') : undefined,
    to: isDay(url.get('to')) ? url.get('to') : undefined,
    status: knownValues(url.getList('status'), ORDER_STATUSES),
    search: url.get('search') || undefined,
    contactID: url.get('contactID') || undefined,
    limit,
  };
  const q = useOrders(filter, url.cursor);
  const filterKey = JSON.stringify(filter);
  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) =>
      getOrders({ ...(JSON.parse(filterKey) as OrdersFilter), limit: 500 }, cursor, signal),
    [filterKey],
  );

  return (
    <>
      <PageHeader title="Orders" actions={<ExportButton filename="orders.csv" columns={orderCsvColumns} fetchPage={fetchPage} />} />
      <div className="filters">
        <SearchInput
          label="Search"
          placeholder="Reference, name or e-mail"
          value={url.get('search')}
          onChange={(v) => url.set({ search: v }, { replace: true })}
        />
        <label className="field">
          <span className="field-label">From</span>
          <input type="date" value={url.get('from')} max={url.get('to') || undefined} onChange={(e) => url.set({ from: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">To</span>
          <input type="date" value={url.get('to')} min={url.get('from') || undefined} onChange={(e) => url.set({ to: e.target.value })} />
        </label>
        <ChipGroup
          label="Status"
          options={ORDER_STATUSES.map((s) => ({ value: s }))}
          selected={url.getList('status')}
          onChange={(s) => url.set({ status: s })}
        />
        {filter.contactID && (
          <button type="button" className="chip" aria-pressed="true" onClick={() => url.set({ contactID: null })}>
            One customer ✕
          </button>
        )}
      </div>
      {q.isPending ? (
        <Loading label="Loading orders…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>No orders match these filters.</Empty>
      ) : (
        <>
          <DataTable
            caption="Orders"
            testId="orders-table"
            columns={orderColumns}
            data={q.data.items}
            rowKey={(o) => o.orderID}
            rowHref={orderHref}
            liveViewKey={q.isPlaceholderData ? undefined : `${filterKey}|${url.cursor ?? ''}`}
          />
          <UrlTablePager url={url} page={q.data} pageSize={limit} resizable />
        </>
      )}
    </>
  );
}
