import { act, fireEvent, render, screen } from '@testing-library/react';
import { SearchInput } from '@/components/ui/search-input';

describe('SearchInput', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports the text once typing pauses', () => {
    const onChange = vi.fn();
    render(<SearchInput label="Search" value="" onChange={onChange} delayMs={300} />);
    const input = screen.getByLabelText('Search');
    fireEvent.change(input, { target: { value: 'ac' } });
    act(() => vi.advanceTimersByTime(100));
    fireEvent.change(input, { target: { value: 'acme' } });
    act(() => vi.advanceTimersByTime(299));
    expect(onChange).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith('acme');
  });

  it('reports at once on Enter and follows outside changes of the value', () => {
    const onChange = vi.fn();
    const { rerender } = render(<SearchInput label="Search" value="" onChange={onChange} />);
    const input = screen.getByLabelText('Search');
    fireEvent.change(input, { target: { value: 'jo' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenCalledWith('jo');
    rerender(<SearchInput label="Search" value="" onChange={onChange} />);
    rerender(<SearchInput label="Search" value="smith" onChange={onChange} />);
    expect(input).toHaveValue('smith');
  });
});
