import { alignedData, labelStep, recordSeries } from '@/components/charts/chart-data';

describe('chart data', () => {
  it('aligns series to the labels, padding missing values with zero', () => {
    const data = alignedData(['a', 'b', 'c'], [
      { label: 's', kind: 'bar', color: '#000', values: [1, 2] },
      { label: 't', kind: 'line', color: '#000', values: [5, 6, 7, 8] },
    ]);
    expect(data).toEqual([[0, 1, 2], [1, 2, 0], [5, 6, 7]]);
  });

  it('keeps the given order for records, then the other keys sorted', () => {
    expect(recordSeries({ paid: 2, zeta: 1, failed: 3, alpha: 0 }, ['failed', 'paid', 'missing'])).toEqual({
      labels: ['failed', 'paid', 'alpha', 'zeta'],
      values: [3, 2, 0, 1],
    });
  });

  it('thins axis labels so at most `max` show', () => {
    expect(labelStep(24, 24)).toBe(1);
    expect(labelStep(24, 8)).toBe(3);
    expect(labelStep(90, 0)).toBe(90);
  });
});
