import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChipGroup } from '@/components/ui/chip-group';

describe('ChipGroup', () => {
  const options = [{ value: 'VIP' }, { value: 'Active' }, { value: 'New' }];

  it('shows which chips are on and toggles them in the options\' order', async () => {
    const onChange = vi.fn();
    render(<ChipGroup label="Segment" options={options} selected={['New']} onChange={onChange} />);
    expect(screen.getByRole('button', { name: 'New' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'VIP' })).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(screen.getByRole('button', { name: 'VIP' }));
    expect(onChange).toHaveBeenLastCalledWith(['VIP', 'New']);
    await userEvent.click(screen.getByRole('button', { name: 'New' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('works from the keyboard', async () => {
    const onChange = vi.fn();
    render(<ChipGroup label="Segment" options={options} selected={[]} onChange={onChange} />);
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith(['VIP']);
  });
});
