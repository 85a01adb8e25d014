// A text filter that reports its value after the user pauses typing (or presses Enter).
import { useEffect, useRef, useState } from 'react';

export interface SearchInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  delayMs?: number;
}

export function SearchInput({ label, value, onChange, placeholder, delayMs = 300 }: SearchInputProps) {
  const [text, setText] = useState(value);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);
  const [prevValue, setPrevValue] = useState(value);
  if (value !== prevValue) {
    setPrevValue(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => latest.current(text), delayMs);
    return () => clearTimeout(t);
  }, [text, value, delayMs]);
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="search"
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') latest.current(text);
        }}
      />
    </label>
  );
}
