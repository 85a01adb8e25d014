import { collectRows } from '@/components/data-table/export-button';
import type { Page } from '@/types/api';

// Three pages of a filtered listing, as a cursor-paged endpoint returns them.
function pages(): (cursor: string | null) => Promise<Page<number>> {
  const data: Record<string, Page<number>> = {
    '': { items: [1, 2], total: 5, nextCursor: 'c2', meta: {} as Page<number>['meta'] },
    c2: { items: [3, 4], total: 5, nextCursor: 'c3', meta: {} as Page<number>['meta'] },
    c3: { items: [5], total: 5, nextCursor: null, meta: {} as Page<number>['meta'] },
  };
  return (cursor) => Promise.resolve(data[cursor ?? '']!);
}

describe('collectRows', () => {
  it('follows the cursors to the last page, reporting progress', async () => {
    const progress: number[] = [];
    const rows = await collectRows(pages(), new AbortController().signal, 100, (done) => progress.push(done));
    expect(rows).toEqual([1, 2, 3, 4, 5]);
    expect(progress).toEqual([2, 4, 5]);
  });

  it('stops at the row cap', async () => {
    const rows = await collectRows(pages(), new AbortController().signal, 3, () => {});
    expect(rows).toEqual([1, 2, 3]);
  });
});
