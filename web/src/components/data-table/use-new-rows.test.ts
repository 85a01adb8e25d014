import { act, renderHook } from '@testing-library/react';
import { newRowIds, useNewRows } from '@/components/data-table/use-new-rows';

describe('new rows', () => {
  it('are the rows not in the view\'s baseline', () => {
    const base = { key: 'v1', ids: new Set(['a', 'b']) };
    expect([...newRowIds(base, ['c', 'a', 'b'], 'v1')]).toEqual(['c']);
    expect(newRowIds(base, ['c', 'a'], 'v2').size).toBe(0);
    expect(newRowIds(base, ['c', 'a'], undefined).size).toBe(0);
  });

  it('light up when they arrive, not when the view changes, and fade', () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ ids, key }) => useNewRows(ids, key), {
      initialProps: { ids: ['a', 'b'], key: 'page1' as string | undefined },
    });
    expect(result.current.size).toBe(0);
    rerender({ ids: ['a', 'b'], key: undefined }); // placeholder while the next page loads
    rerender({ ids: ['x', 'y'], key: 'page2' });
    expect(result.current.size).toBe(0);
    rerender({ ids: ['z', 'x', 'y'], key: 'page2' }); // a live refresh
    expect([...result.current]).toEqual(['z']);
    act(() => vi.advanceTimersByTime(4000));
    expect(result.current.size).toBe(0);
    vi.useRealTimers();
  });
});
