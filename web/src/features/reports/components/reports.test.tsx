import { render, screen, within } from '@testing-library/react';
import type { Overview } from '@/types/api';
import { KpiCards, kpisOf } from '@/features/reports/components/kpi-cards';
import { rangeFromUrl } from '@/features/reports/components/reports-page';
import { bucketLabel } from '@/features/reports/components/sales-chart';

const figures = { revenue: 1500, orders: 10, averageOrderValue: 150, customers: 8, newCustomers: 3, returningCustomers: 5, units: 40 };
const overview: Overview = {
  period: { from: '2025-09-21', to: '2025-10-20' },
  ...figures,
  previous: { period: { from: '2025-08-22', to: '2025-09-20' }, revenue: 1000, orders: 10, averageOrderValue: 100, customers: 10, newCustomers: 0, returningCustomers: 10, units: 40 },
  topProducts: [],
  topCustomers: [],
  segments: { VIP: 1, Active: 2, New: 3, Dormant: 4 },
};

describe('KPI cards', () => {
  it('compare each figure with the previous period', () => {
    const k = Object.fromEntries(kpisOf(overview).map((x) => [x.key, x]));
    expect(k.revenue).toMatchObject({ value: '$1,500.00', change: 0.5 });
    expect(k.orders?.change).toBe(0);
    expect(k.customers?.change).toBeCloseTo(-0.2);
    expect(k.newCustomers?.change).toBeNull();
  });

  it('render the value and a signed change', () => {
    render(<KpiCards overview={overview} />);
    const revenue = screen.getByTestId('kpi-revenue');
    expect(within(revenue).getByText('$1,500.00')).toBeInTheDocument();
    expect(revenue).toHaveTextContent('+50.0% vs previous period');
    expect(screen.getByTestId('kpi-customers')).toHaveTextContent('−20.0%');
    expect(screen.getByTestId('kpi-newCustomers')).toHaveTextContent('new vs previous period');
  });
});

describe('report period from the URL', () => {
  it('resolves presets against the shop\'s today and checks custom dates', () => {
    expect(rangeFromUrl('7d', '', '', '2025-10-20')).toEqual({ from: '2025-10-14', to: '2025-10-20' });
    expect(rangeFromUrl('30d', '', '', null)).toBeNull();
    expect(rangeFromUrl('custom', '2025-01-01', '2025-01-31', null)).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(rangeFromUrl('custom', '2025-02-01', '2025-01-31', '2025-10-20')).toBeNull();
    expect(rangeFromUrl('custom', 'junk', '2025-01-31', '2025-10-20')).toBeNull();
  });

  it('labels sales buckets by day or month', () => {
    expect(bucketLabel('2025-10-06', 'day')).toBe('6 Oct');
    expect(bucketLabel('2025-10-06', 'week')).toBe('6 Oct');
    expect(bucketLabel('2025-10-01', 'month')).toBe('Oct 2025');
  });
});
