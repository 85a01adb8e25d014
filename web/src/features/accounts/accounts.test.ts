import { describe, expect, it } from 'vitest';
import { toCsv } from '@/lib/csv';
import { accountCsvColumns, accountHref, isAccountSort } from '@/features/accounts/components/account-columns';
import type { Account } from '@/types/api';

describe('account rows', () => {
  const row: Account = {
    accountID: 'a/1',
    name: 'Acme, Packaging',
    kind: 'company',
    contactCount: 3,
    orderCount: 7,
    totalSpend: 700.5,
    averageOrderValue: 100.07,
    firstOrderDate: '2026-01-01T00:00:00Z',
    lastOrderDate: '2026-03-01T00:00:00Z',
    lastOrderReference: 'R-9',
    lastOrderDaysAgo: 5,
    segment: 'Active',
    purchaseFrequency: 'Fortnightly',
    reorder: { cadenceDays: 14, expectedDate: '2026-03-15', daysOverdue: -9, status: 'on-track' },
  };
  it('link to the account', () => {
    expect(accountHref(row)).toBe('/accounts/a%2F1');
  });
  it('sort on what the API sorts on', () => {
    expect(isAccountSort('totalSpend')).toBe(true);
    expect(isAccountSort('contactCount')).toBe(false);
  });
  it('export every field, the reorder rhythm flattened', () => {
    const [head, line] = toCsv([row], accountCsvColumns).trim().split(/\r?\n/);
    expect(head).toBe(
      'accountID,name,kind,contactCount,segment,purchaseFrequency,orderCount,totalSpend,averageOrderValue,' +
        'firstOrderDate,lastOrderDate,lastOrderReference,reorderStatus,cadenceDays,expectedDate',
    );
    expect(line).toBe(
      'a/1,"Acme, Packaging",company,3,Active,Fortnightly,7,700.5,100.07,2026-01-01T00:00:00Z,' +
        '2026-03-01T00:00:00Z,R-9,on-track,14,2026-03-15',
    );
    const none = toCsv([{ ...row, reorder: null }], accountCsvColumns).trim().split(/\r?\n/)[1];
    expect(none?.endsWith('R-9,,,')).toBe(true);
  });
});
