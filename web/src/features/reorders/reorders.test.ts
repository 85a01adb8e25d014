import { describe, expect, it } from 'vitest';
import { toCsv } from '@/lib/csv';
import { describeTiming, reorderCsvColumns, reorderHref } from '@/features/reorders/components/reorder-columns';
import type { Reorder } from '@/types/api';

describe('describeTiming', () => {
  it('says when the order is expected, or how late it is', () => {
    expect(describeTiming(0)).toBe('today');
    expect(describeTiming(-1)).toBe('in 1 day');
    expect(describeTiming(-6)).toBe('in 6 days');
    expect(describeTiming(1)).toBe('1 day late');
    expect(describeTiming(1200)).toBe('1,200 days late');
  });
});

describe('reorder rows', () => {
  const row: Reorder = {
    contactID: 'c/1',
    name: null,
    email: 'a@example.com',
    company: 'Acme, Inc',
    orderCount: 4,
    cadenceDays: 14,
    lastOrderDate: '2026-01-01',
    expectedDate: '2026-01-15',
    daysOverdue: 3,
    status: 'due',
    averageOrderValue: 12.5,
  };
  it('link to the customer', () => {
    expect(reorderHref(row)).toBe('/customers/c%2F1');
  });
  it('export every field', () => {
    const csv = toCsv([row], reorderCsvColumns);
    const [head, line] = csv.trim().split(/\r?\n/);
    expect(head).toBe(
      'contactID,name,email,company,status,orderCount,cadenceDays,lastOrderDate,expectedDate,daysOverdue,averageOrderValue',
    );
    expect(line).toBe('c/1,,a@example.com,"Acme, Inc",due,4,14,2026-01-01,2026-01-15,3,12.5');
  });
});
