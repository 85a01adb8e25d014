import { formatChange, formatDay, formatMoney, formatRate, relativeChange } from '@/lib/format';

describe('format', () => {
  it('computes the change against the previous period', () => {
    expect(relativeChange(150, 100)).toBeCloseTo(0.5);
    expect(relativeChange(50, 100)).toBeCloseTo(-0.5);
    expect(relativeChange(0, 0)).toBe(0);
    expect(relativeChange(10, 0)).toBeNull();
  });
  it('writes changes with a sign, or "new" when there was nothing before', () => {
    expect(formatChange(0.1234)).toBe('+12.3%');
    expect(formatChange(-0.04)).toBe('−4.0%');
    expect(formatChange(0)).toBe('0.0%');
    expect(formatChange(null)).toBe('new');
  });
  it('formats money, rates and calendar days', () => {
    expect(formatMoney(1234.5)).toBe('$1,234.50');
    expect(formatMoney(null)).toBe('—');
    expect(formatRate(0.9876)).toBe('98.8%');
    expect(formatRate(null)).toBe('—');
    expect(formatDay('2025-10-20')).toBe('20 Oct 2025');
  });
});
