// A chart over categories (days, weekdays, hours, statuses): bars and/or lines, drawn by
// uPlot on a canvas that follows its container's width. The same figures are in a
// visually hidden table for screen readers.
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type ChartSeries, alignedData, labelStep } from '@/components/charts/chart-data';

export interface CategoryChartProps {
  title: string;
  labels: readonly string[];
  series: readonly ChartSeries[];
  height?: number;
  testId?: string;
}

function fmt(s: ChartSeries, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return s.format ? s.format(v) : String(v);
}

export function CategoryChart({ title, labels, series, height = 220, testId }: CategoryChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => alignedData(labels, series), [labels, series]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(200, el.clientWidth);
    const longest = labels.reduce((n, l) => Math.max(n, l.length), 1);
    // Labels that fit the plotting area (its width in CSS pixels) at ~7 px a character.
    const stepFor = (u: uPlot) =>
      labelStep(labels.length, Math.floor(u.bbox.width / uPlot.pxRatio / (longest * 7 + 16)));
    const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
    const hasY2 = series.some((s) => s.scale === 'y2');
    const axisFmt = (s?: ChartSeries) => (_u: uPlot, vals: number[]) =>
      vals.map((v) => (s?.axisFormat ? s.axisFormat(v) : s?.format ? s.format(v) : String(v)));
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        y2: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          splits: (u) => {
            const step = stepFor(u);
            return labels.map((_, i) => i).filter((i) => i % step === 0);
          },
          values: (_u, vals) => vals.map((v) => labels[v] ?? ''),
          grid: { show: false },
        },
        { scale: 'y', values: axisFmt(series.find((s) => (s.scale ?? 'y') === 'y')), size: 70 },
        ...(hasY2
          ? [{ scale: 'y2', side: 1 as const, grid: { show: false }, values: axisFmt(series.find((s) => s.scale === 'y2')), size: 60 }]
          : []),
      ],
      series: [
        { label: 'x', value: (_u, v) => labels[v] ?? '' },
        ...series.map((s) => ({
          label: s.label,
          scale: s.scale ?? 'y',
          stroke: s.color,
          width: s.kind === 'line' ? 2 : 0,
          fill: s.kind === 'bar' ? s.color + 'cc' : undefined,
          paths: s.kind === 'bar' ? bars : undefined,
          points: { show: s.kind === 'line' && labels.length < 40 },
          value: (_u: uPlot, v: number | null) => fmt(s, v),
        })),
      ],
    };
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [data, labels, series, height]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      {series.length > 1 && (
        <div className="chart-legend" aria-hidden="true">
          {series.map((s) => (
            <span key={s.label}>
              <span className={`swatch swatch-${s.kind}`} style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </div>
      )}
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l + i}>
              <th scope="row">{l}</th>
              {series.map((s) => (
                <td key={s.label}>{fmt(s, s.values[i])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
