// The report period: a preset or two custom dates.
import { type DayRange, RANGE_PRESETS, type RangePreset } from '@/lib/date-range';

export interface RangePickerProps {
  preset: RangePreset;
  range: DayRange | null;
  onPreset: (preset: RangePreset) => void;
  onCustom: (range: DayRange) => void;
}

export function RangePicker({ preset, range, onPreset, onCustom }: RangePickerProps) {
  return (
    <div className="filters" role="group" aria-label="Report period">
      <label className="field">
        <span className="field-label">Period</span>
        <select value={preset} onChange={(e) => onPreset(e.target.value as RangePreset)}>
          {RANGE_PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">From</span>
        <input
          type="date"
          value={range?.from ?? ''}
          max={range?.to}
          onChange={(e) => e.target.value && range && onCustom({ from: e.target.value, to: range.to })}
        />
      </label>
      <label className="field">
        <span className="field-label">To</span>
        <input
          type="date"
          value={range?.to ?? ''}
          min={range?.from}
          onChange={(e) => e.target.value && range && onCustom({ from: range.from, to: e.target.value })}
        />
      </label>
    </div>
  );
}
