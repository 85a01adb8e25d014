// Products: the catalogue with all-time figures; search, sort, paging, CSV.
import { useCallback } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { ExportButton } from '@/components/data-table/export-button';
import { UrlTablePager } from '@/components/data-table/url-table-pager';
import { PageHeader } from '@/components/layout/page-header';
import { SearchInput } from '@/components/ui/search-input';
import { Empty, ErrorState, Loading } from '@/components/ui/status';
import { useUrlState } from '@/lib/url-state';
import { type ProductsFilter, getProducts, useProducts } from '@/features/products/api/get-products';
import {
  isProductSort,
  productColumns,
  productCsvColumns,
  productHref,
} from '@/features/products/components/product-columns';

export function ProductsPage() {
  const url = useUrlState();
  const limit = Number(url.get('limit')) || 50;
  const sortParam = url.get('sort');
  const sort = isProductSort(sortParam) ? sortParam : 'revenue';
  const order = url.get('order') === 'asc' ? 'asc' : 'desc';
  const filter: ProductsFilter = { search: url.get('search') || undefined, sort, order, limit };
  const q = useProducts(filter, url.cursor);
  const filterKey = JSON.stringify(filter);
  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) =>
      getProducts({ ...(JSON.parse(filterKey) as ProductsFilter), limit: 500 }, cursor, signal),
    [filterKey],
  );

  return (
    <>
      <PageHeader
        title="Products"
        subtitle="All-time figures from counted orders."
        actions={<ExportButton filename="products.csv" columns={productCsvColumns} fetchPage={fetchPage} />}
      />
      <div className="filters">
        <SearchInput
          label="Search"
          placeholder="Code prefix or name"
          value={url.get('search')}
          onChange={(v) => url.set({ search: v }, { replace: true })}
        />
      </div>
      {q.isPending ? (
        <Loading label="Loading products…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>No products match.</Empty>
      ) : (
        <>
          <DataTable
            caption="Products"
            testId="products-table"
            columns={productColumns}
            data={q.data.items}
            rowKey={(p) => p.code}
            rowHref={productHref}
            sort={{ id: sort, desc: order === 'desc' }}
            onSortChange={(s) => isProductSort(s.id) && url.set({ sort: s.id, order: s.desc ? 'desc' : 'asc' })}
          />
          <UrlTablePager url={url} page={q.data} pageSize={limit} resizable />
        </>
      )}
    </>
  );
}
