// Cursor paging controls: "51–100 of 1,234", Previous / Next, rows per page.
import { Button } from '@/components/ui/button';
import { formatInt } from '@/lib/format';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export interface TablePagerProps {
  pageIndex: number;
  pageSize: number;
  count: number;
  total: number;
  hasNext: boolean;
  onNext: () => void;
  onPrev: () => void;
  onPageSize?: (size: number) => void;
}

export function pageRange(pageIndex: number, pageSize: number, count: number) {
  const first = count === 0 ? 0 : pageIndex * pageSize + 1;
  return { first, last: count === 0 ? 0 : first + count - 1 };
}

export function TablePager(p: TablePagerProps) {
  const { first, last } = pageRange(p.pageIndex, p.pageSize, p.count);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-range" aria-live="polite">
        {formatInt(first)}–{formatInt(last)} of {formatInt(p.total)}
      </span>
      {p.onPageSize && (
        <label className="field field-inline">
          <span className="field-label">Rows</span>
          <select value={p.pageSize} onChange={(e) => p.onPageSize?.(Number(e.target.value))}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      )}
      <Button onClick={p.onPrev} disabled={p.pageIndex === 0}>
        ← Previous
      </Button>
      <Button onClick={p.onNext} disabled={!p.hasNext}>
        Next →
      </Button>
    </nav>
  );
}
