import { describe, expect, it } from 'vitest';
import { toCsv } from '@/lib/csv';
import { basketFilename, usualBasketCsvColumns } from '@/features/customers/components/usual-basket';
import type { UsualBasketItem } from '@/types/api';

describe('usual basket export', () => {
  const row: UsualBasketItem = {
    code: 'TAPE-48',
    name: 'Tape, 48 mm',
    timesOrdered: 5,
    units: 60,
    revenue: 123.4,
    medianQuantity: 12,
    lastQuantity: 10,
    lastUnitPrice: 2.05,
    firstOrdered: '2026-01-01T00:00:00Z',
    lastOrdered: '2026-03-01T09:30:00Z',
    lastOrderReference: 'R-9',
    daysSinceLast: 42,
    cadenceDays: 35,
    summary: 'usually every 5 weeks; last 6 weeks ago',
  };
  it('writes every field, quoting where needed', () => {
    const csv = toCsv([row, { ...row, code: 'BOX', name: null, cadenceDays: null }], usualBasketCsvColumns);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'code,name,timesOrdered,units,revenue,medianQuantity,lastQuantity,lastUnitPrice,firstOrdered,' +
        'lastOrdered,lastOrderReference,cadenceDays,summary',
    );
    expect(lines[1]).toBe(
      'TAPE-48,"Tape, 48 mm",5,60,123.4,12,10,2.05,2026-01-01T00:00:00Z,2026-03-01T09:30:00Z,R-9,35,' +
        'usually every 5 weeks; last 6 weeks ago',
    );
    expect(lines[2]?.startsWith('BOX,,5,')).toBe(true);
    expect(lines[2]).toContain(',R-9,,usually');
  });
  it('names the file after the contact', () => {
    expect(basketFilename('3f2a/..')).toBe('usual-basket-3f2a___.csv');
  });
});
