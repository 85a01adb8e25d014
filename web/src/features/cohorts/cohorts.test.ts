import { describe, expect, it } from 'vitest';
import { cohortLabel, heat, spanStart } from '@/features/cohorts/components/cohorts-page';

describe('cohorts page', () => {
  it('starts a span of months on the first of the earliest month', () => {
    expect(spanStart('2025-03-17', 1)).toBe('2025-03-01');
    expect(spanStart('2025-03-17', 12)).toBe('2024-04-01');
    expect(spanStart('2025-01-31', 24)).toBe('2023-02-01');
  });
  it('shades from light to darker as the value grows, never past the readable bound', () => {
    expect(heat(0, 1)).toBe('hsl(215 85% 96%)');
    expect(heat(1, 1)).toBe('hsl(215 85% 62%)');
    expect(heat(5, 0)).toBe('hsl(215 85% 96%)');
    expect(heat(50, 25)).toBe('hsl(215 85% 62%)');
  });
  it('labels a month cohort by its month and a product cohort by code and name', () => {
    const months = [{ offset: 0, customers: 2, share: 1, revenue: 10, value: 1 }];
    expect(cohortLabel({ cohort: '2025-01', customers: 2, revenue: 10, months: [{ ...months[0]!, month: '2025-01' }] })).toBe('2025-01');
    expect(cohortLabel({ cohort: 'BOX-S', name: 'Small box', customers: 2, revenue: 10, months })).toBe('BOX-S · Small box');
    expect(cohortLabel({ cohort: 'BOX-S', name: null, customers: 2, revenue: 10, months })).toBe('BOX-S');
  });
});
