// Which rows arrived since a view was first shown (for a short highlight of live rows).
// `viewKey` names the view (its filters and page); undefined while the rows shown are a
// placeholder from another view, which neither counts as new nor resets the baseline.
import { useEffect, useState } from 'react';

const HIGHLIGHT_MS = 4000;

interface Baseline {
  key: string | undefined;
  ids: ReadonlySet<string>;
}

export function newRowIds(base: Baseline, ids: readonly string[], viewKey: string | undefined): Set<string> {
  if (viewKey === undefined || base.key !== viewKey) return new Set();
  return new Set(ids.filter((id) => !base.ids.has(id)));
}

export function useNewRows(ids: readonly string[], viewKey: string | undefined): Set<string> {
  const [base, setBase] = useState<Baseline>(() => ({ key: viewKey, ids: new Set(ids) }));
  if (viewKey !== undefined && base.key !== viewKey) setBase({ key: viewKey, ids: new Set(ids) });
  const fresh = newRowIds(base, ids, viewKey);
  const freshKey = [...fresh].join(',');
  const idsKey = ids.join(',');
  useEffect(() => {
    if (!freshKey) return;
    const t = setTimeout(
      () => setBase((b) => ({ key: b.key, ids: new Set([...b.ids, ...idsKey.split(',')]) })),
      HIGHLIGHT_MS,
    );
    return () => clearTimeout(t);
  }, [freshKey, idsKey]);
  return fresh;
}
