import { createColumnHelper } from '@tanstack/react-table';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataTable } from '@/components/data-table/data-table';
import { TablePager, pageRange } from '@/components/data-table/table-pager';
import { renderWithRouter } from '@/test/render';

interface Row {
  id: string;
  name: string;
  spend: number;
}
const col = createColumnHelper<Row>();
const columns = [
  col.accessor('name', { header: 'Name' }),
  col.accessor('id', { header: 'Id', enableSorting: false }),
  col.accessor('spend', { header: 'Spend', meta: { align: 'right' } }),
];
const rows: Row[] = [
  { id: 'a', name: 'Ann', spend: 10 },
  { id: 'b', name: 'Bob', spend: 20 },
];

describe('DataTable', () => {
  it('renders rows and marks the sorted column', () => {
    renderWithRouter(
      <DataTable caption="People" columns={columns} data={rows} rowKey={(r) => r.id} sort={{ id: 'spend', desc: true }} onSortChange={() => {}} />,
    );
    const table = screen.getByRole('table', { name: 'People' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('columnheader', { name: /Spend/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: /Name/ })).not.toHaveAttribute('aria-sort');
    expect(within(screen.getByRole('columnheader', { name: 'Id' })).queryByRole('button')).toBeNull();
  });

  it('flips the direction of the sorted column and starts others descending', async () => {
    const onSortChange = vi.fn();
    renderWithRouter(
      <DataTable caption="People" columns={columns} data={rows} rowKey={(r) => r.id} sort={{ id: 'spend', desc: true }} onSortChange={onSortChange} />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Spend/ }));
    expect(onSortChange).toHaveBeenLastCalledWith({ id: 'spend', desc: false });
    await userEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(onSortChange).toHaveBeenLastCalledWith({ id: 'name', desc: true });
  });

  it('goes to the row\'s page on a click', async () => {
    const { router } = renderWithRouter(
      <DataTable caption="People" columns={columns} data={rows} rowKey={(r) => r.id} rowHref={(r) => `/people/${r.id}`} />,
    );
    await userEvent.click(screen.getByText('Bob'));
    expect(router.state.location.pathname).toBe('/people/b');
  });
});

describe('TablePager', () => {
  it('numbers the rows of the page', () => {
    expect(pageRange(0, 50, 50)).toEqual({ first: 1, last: 50 });
    expect(pageRange(2, 50, 7)).toEqual({ first: 101, last: 107 });
    expect(pageRange(0, 50, 0)).toEqual({ first: 0, last: 0 });
  });

  it('disables Previous on the first page and Next on the last', async () => {
    const onNext = vi.fn();
    renderWithRouter(
      <TablePager pageIndex={0} pageSize={50} count={50} total={1234} hasNext onNext={onNext} onPrev={() => {}} />,
    );
    expect(screen.getByText('1–50 of 1,234')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Previous/ })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: /Next/ }));
    expect(onNext).toHaveBeenCalled();
  });
});

describe('back links', () => {
  it('name the list they return to', async () => {
    const { backLabelOf } = await import('@/components/layout/page-header');
    expect(backLabelOf('/orders?status=paid&cursor=x', 'Back')).toBe('Orders');
    expect(backLabelOf('/customers', 'Back')).toBe('Customers');
    expect(backLabelOf('/', 'Back')).toBe('Back');
  });
});
