// The period's best products, sortable by revenue, units or orders.
import { Link } from 'react-router';
import { formatInt, formatMoney } from '@/lib/format';
import type { ReportProduct } from '@/types/api';
import type { ProductsReportSort } from '@/features/reports/api/get-products-report';

const SORTS: { value: ProductsReportSort; label: string }[] = [
  { value: 'revenue', label: 'Revenue' },
  { value: 'units', label: 'Units' },
  { value: 'orders', label: 'Orders' },
];

export function ProductsReportTable({
  rows,
  sort,
  onSort,
}: {
  rows: ReportProduct[];
  sort: ProductsReportSort;
  onSort: (s: ProductsReportSort) => void;
}) {
  return (
    <>
      <div className="filters">
        <label className="field field-inline">
          <span className="field-label">Rank by</span>
          <select value={sort} onChange={(e) => onSort(e.target.value as ProductsReportSort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="table-wrap">
        <table className="data-table" data-testid="products-report">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Product</th>
              <th scope="col" className="align-right">Revenue</th>
              <th scope="col" className="align-right">Units</th>
              <th scope="col" className="align-right">Orders</th>
              <th scope="col" className="align-right">Customers</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p, i) => (
              <tr key={p.code}>
                <td>{i + 1}</td>
                <td className="wrap">
                  <Link to={`/products/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                  <div className="muted small">{p.name}</div>
                </td>
                <td className="align-right">{formatMoney(p.revenue)}</td>
                <td className="align-right">{formatInt(p.units)}</td>
                <td className="align-right">{formatInt(p.orders)}</td>
                <td className="align-right">{formatInt(p.customers)}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No products sold in this period.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
