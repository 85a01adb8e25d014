import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { safeNext } from '@/routes/sign-in';

describe('sign-in', () => {
  it('asks for a key before checking anything', async () => {
    const onSignedIn = vi.fn();
    render(<SignInForm onSignedIn={onSignedIn} notice="You have signed out." />);
    expect(screen.getByRole('status')).toHaveTextContent('You have signed out.');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Paste an API key first.');
    expect(screen.getByLabelText('API key')).toHaveAttribute('aria-invalid', 'true');
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('returns only to paths of this app', () => {
    expect(safeNext('/customers?segment=VIP')).toBe('/customers?segment=VIP');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
