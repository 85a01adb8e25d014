// A table over TanStack Table with server-side sorting: sortable headers are buttons
// (aria-sort on the header cell), rows are plain rows whose first link is the way in.
import {
  type ColumnDef,
  type RowData,
  type SortingState,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useLocation, useNavigate } from 'react-router';
import { useNewRows } from '@/components/data-table/use-new-rows';
import type { BackState } from '@/components/ui/list-link';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: 'left' | 'right';
  }
}

export interface Sort {
  id: string;
  desc: boolean;
}

export interface DataTableProps<T> {
  caption: string;
  columns: ColumnDef<T, never>[] | ColumnDef<T>[];
  data: T[];
  sort?: Sort | null;
  onSortChange?: (sort: Sort) => void;
  /** Where a click on the row goes (the row's first link goes there too). */
  rowHref?: (row: T) => string;
  rowKey: (row: T) => string;
  /** Names the view (filters, page) to highlight rows that arrive later (live); leave
   * undefined while showing placeholder rows of another view. */
  liveViewKey?: string;
  testId?: string;
}

export function DataTable<T>({
  caption,
  columns,
  data,
  sort,
  onSortChange,
  rowHref,
  rowKey,
  liveViewKey,
  testId,
}: DataTableProps<T>) {
  const fresh = useNewRows(data.map(rowKey), liveViewKey);
  const navigate = useNavigate();
  const location = useLocation();
  const backState: BackState = { back: location.pathname + location.search };
  const sorting: SortingState = sort ? [sort] : [];
  // TanStack Table's instance is not memoisable by the React Compiler; fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable<T>({
    data,
    columns: columns as ColumnDef<T>[],
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowKey,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
  });

  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const canSort = h.column.getCanSort() && onSortChange !== undefined;
                const active = sort?.id === h.column.id ? sort : null;
                const align = h.column.columnDef.meta?.align ?? 'left';
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <th
                    key={h.id}
                    scope="col"
                    className={`align-${align}`}
                    aria-sort={active ? (active.desc ? 'descending' : 'ascending') : undefined}
                  >
                    {canSort ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() =>
                          onSortChange({ id: h.column.id, desc: active ? !active.desc : true })
                        }
                      >
                        {label}
                        <span className="sort-icon" aria-hidden="true">
                          {active ? (active.desc ? '▼' : '▲') : '↕'}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={[rowHref ? 'clickable' : '', fresh.has(row.id) ? 'row-new' : ''].join(' ').trim() || undefined}
              data-new={fresh.has(row.id) || undefined}
              onClick={(e) => {
                if (!rowHref || (e.target as HTMLElement).closest('a,button')) return;
                navigate(rowHref(row.original), { state: backState });
              }}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={`align-${cell.column.columnDef.meta?.align ?? 'left'}`}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
