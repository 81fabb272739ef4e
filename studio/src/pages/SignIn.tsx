import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../api/client';
import { ProblemAlert } from '../components/common';

export function SignIn({ onSignedIn, initialError }: { onSignedIn: () => void; initialError?: ApiError | null }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(initialError ?? null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.signIn(key.trim());
      setKey('');
      onSignedIn();
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr.status === 401
        ? Object.assign(apiErr, { problem: { ...apiErr.problem, title: 'That API key was not accepted', detail: apiErr.problem.detail } })
        : apiErr);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title" data-testid="signin-form">
        <div className="brand brand-lg"><span className="brand-mark" aria-hidden="true">LJ</span> LoanJourney Studio</div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Use an API key from the server's <code>Server:ApiKeys</code>. The key is exchanged for a session cookie and is not stored by the browser.</p>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" name="apiKey" type="password" autoComplete="off" autoFocus value={key}
          onChange={(e) => setKey(e.target.value)} required />
        <ProblemAlert error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !key.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
