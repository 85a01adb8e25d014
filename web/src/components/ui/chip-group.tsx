// A row of toggle chips (multi-select): each chip is a button with aria-pressed.

export interface ChipGroupProps {
  label: string;
  options: readonly { value: string; label?: string }[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
}

export function ChipGroup({ label, options, selected, onChange }: ChipGroupProps) {
  const toggle = (value: string) =>
    onChange(
      selected.includes(value)
        ? selected.filter((s) => s !== value)
        : options.map((o) => o.value).filter((v) => v === value || selected.includes(v)),
    );
  return (
    <div className="chip-group" role="group" aria-label={label}>
      <span className="chip-group-label">{label}</span>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className="chip"
          aria-pressed={selected.includes(o.value)}
          onClick={() => toggle(o.value)}
        >
          {o.label ?? o.value}
        </button>
      ))}
    </div>
  );
}
