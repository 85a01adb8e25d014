// "Export CSV": walks every page of the current filter (cursor by cursor), then offers
// the file. Shows progress; a second click cancels.
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { describeError } from '@/lib/api-client';
import { type CsvColumn, downloadText, toCsv } from '@/lib/csv';
import { formatInt } from '@/lib/format';
import type { Page } from '@/types/api';

export interface ExportButtonProps<T> {
  filename: string;
  columns: readonly CsvColumn<T>[];
  /** One page of the filtered rows from `cursor` (null: the first page). */
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;
  maxRows?: number;
}

export async function collectRows<T>(
  fetchPage: ExportButtonProps<T>['fetchPage'],
  signal: AbortSignal,
  maxRows: number,
  onProgress: (done: number, total: number) => void,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor, signal);
    rows.push(...page.items);
    onProgress(rows.length, page.total);
    cursor = page.nextCursor;
  } while (cursor && rows.length < maxRows && !signal.aborted);
  return rows.slice(0, maxRows);
}

export function ExportButton<T>({ filename, columns, fetchPage, maxRows = 200_000 }: ExportButtonProps<T>) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const run = async () => {
    if (abort.current) {
      abort.current.abort();
      return;
    }
    const ctl = new AbortController();
    abort.current = ctl;
    setError(null);
    setProgress({ done: 0, total: 0 });
    try {
      const rows = await collectRows(fetchPage, ctl.signal, maxRows, (done, total) =>
        setProgress({ done, total }),
      );
      if (!ctl.signal.aborted) downloadText(filename, toCsv(rows, columns));
    } catch (e) {
      if (!ctl.signal.aborted) setError(describeError(e));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  return (
    <span className="export">
      <Button onClick={run} aria-live="polite">
        {progress
          ? `Exporting ${formatInt(progress.done)} / ${formatInt(progress.total)}… (cancel)`
          : 'Export CSV'}
      </Button>
      {error && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
    </span>
  );
}
