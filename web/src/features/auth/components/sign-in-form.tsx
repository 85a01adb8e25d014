// Sign in by pasting an API key; it is checked against the server before it is kept.
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { checkKey } from '@/features/auth/api/check-key';

export interface SignInFormProps {
  notice?: string | null;
  onSignedIn: (key: string) => void;
}

export function SignInForm({ notice, onSignedIn }: SignInFormProps) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Paste an API key first.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await checkKey(trimmed);
    setBusy(false);
    if (result.ok) onSignedIn(trimmed);
    else setError(result.message);
  };

  return (
    <form className="sign-in card" onSubmit={submit} noValidate>
      <h1>packprod</h1>
      <p className="muted">Sign in with an API key (from <code>packprod keys create</code>). It is kept only in this browser tab.</p>
      {notice && !error && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <label className="field">
        <span className="field-label">API key</span>
        <input
          name="apiKey"
          type="password"
          autoComplete="off"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
      </label>
      {error && (
        <p id="sign-in-error" className="error-text" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Checking…' : 'Sign in'}
      </Button>
    </form>
  );
}
