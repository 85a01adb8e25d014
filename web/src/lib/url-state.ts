// Table state (filters, sort, page) in the URL's query string, so a view can be
// bookmarked and shared. Cursor paging: `cursor` is in the URL; the cursors of earlier
// pages ride in the history entry's state, so Previous works after a reload too.
import { useCallback, useMemo } from 'react';
import { useLocation, useSearchParams } from 'react-router';

export type UrlPatch = Record<string, string | string[] | null | undefined>;

interface PageState {
  trail?: string[];
}

export interface UrlState {
  params: URLSearchParams;
  get: (name: string) => string;
  getList: (name: string) => string[];
  /** Sets (or, when empty, removes) params; back to the first page unless keepPage. */
  set: (patch: UrlPatch, opts?: { replace?: boolean; keepPage?: boolean }) => void;
  cursor: string | null;
  pageIndex: number;
  nextPage: (cursor: string) => void;
  prevPage: () => void;
}

/** The values of a comma list that are among `allowed`, in URL order (others are dropped). */
export function knownValues<T extends string>(list: string[], allowed: readonly T[]): T[] {
  return list.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function applyPatch(params: URLSearchParams, patch: UrlPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    const text = Array.isArray(v) ? v.join(',') : (v ?? '');
    if (text === '') next.delete(k);
    else next.set(k, text);
  }
  return next;
}

export function useUrlState(): UrlState {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const trail = useMemo(
    () => ((location.state as PageState | null)?.trail ?? []).filter((t) => typeof t === 'string'),
    [location.state],
  );
  const cursor = params.get('cursor');

  const set = useCallback<UrlState['set']>(
    (patch, opts = {}) => {
      const next = applyPatch(params, opts.keepPage ? patch : { ...patch, cursor: null });
      setParams(next, { replace: opts.replace, state: opts.keepPage ? { trail } : {} });
    },
    [params, setParams, trail],
  );

  const nextPage = useCallback(
    (c: string) => {
      setParams(applyPatch(params, { cursor: c }), { state: { trail: [...trail, cursor ?? ''] } });
    },
    [params, setParams, trail, cursor],
  );

  const prevPage = useCallback(() => {
    const rest = trail.slice(0, -1);
    const prev = trail[trail.length - 1] ?? '';
    setParams(applyPatch(params, { cursor: prev }), { state: { trail: rest } });
  }, [params, setParams, trail]);

  return {
    params,
    get: (name) => params.get(name) ?? '',
    getList: (name) => (params.get(name) ?? '').split(',').filter(Boolean),
    set,
    cursor,
    pageIndex: cursor ? Math.max(trail.length, 1) : 0,
    nextPage,
    prevPage,
  };
}
