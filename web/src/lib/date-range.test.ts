import { addDays, daysBetween, isDay, resolvePreset, suggestedInterval } from '@/lib/date-range';

describe('report periods', () => {
  it('resolves the rolling presets ending today, both ends included', () => {
    expect(resolvePreset('7d', '2025-03-02')).toEqual({ from: '2025-02-24', to: '2025-03-02' });
    expect(resolvePreset('30d', '2025-03-02')).toEqual({ from: '2025-02-01', to: '2025-03-02' });
    expect(daysBetween('2025-02-01', '2025-03-02')).toBe(30);
    expect(resolvePreset('90d', '2025-10-20')).toEqual({ from: '2025-07-23', to: '2025-10-20' });
  });

  it('resolves calendar presets across month and year ends', () => {
    expect(resolvePreset('this-month', '2024-02-29')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolvePreset('last-month', '2024-03-15')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolvePreset('last-month', '2025-01-10')).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(resolvePreset('ytd', '2025-10-20')).toEqual({ from: '2025-01-01', to: '2025-10-20' });
    expect(resolvePreset('custom', '2025-10-20')).toBeNull();
  });

  it('counts days and checks day strings', () => {
    expect(daysBetween('2025-10-20', '2025-10-20')).toBe(1);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(isDay('2025-02-28')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
    expect(isDay('2025-2-01')).toBe(false);
    expect(isDay('')).toBe(false);
  });

  it('picks a readable sales interval', () => {
    expect(suggestedInterval(30)).toBe('day');
    expect(suggestedInterval(90)).toBe('week');
    expect(suggestedInterval(700)).toBe('month');
  });
});
