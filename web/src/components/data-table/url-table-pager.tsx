// The paging controls of a list whose cursor trail lives in the URL (useUrlState): the
// list pages and a product's orders. `page` is one page as the list endpoints answer.
import { TablePager } from '@/components/data-table/table-pager';
import type { UrlState } from '@/lib/url-state';

export interface CursorPage {
  items: readonly unknown[];
  total: number;
  nextCursor: string | null;
}

export function UrlTablePager({
  url,
  page,
  pageSize,
  resizable = false,
}: {
  url: UrlState;
  page: CursorPage;
  pageSize: number;
  /** Offer rows-per-page (kept in the URL as `limit`). */
  resizable?: boolean;
}) {
  return (
    <TablePager
      pageIndex={url.pageIndex}
      pageSize={pageSize}
      count={page.items.length}
      total={page.total}
      hasNext={page.nextCursor !== null}
      onNext={() => page.nextCursor && url.nextPage(page.nextCursor)}
      onPrev={url.prevPage}
      onPageSize={resizable ? (n) => url.set({ limit: String(n) }) : undefined}
    />
  );
}
