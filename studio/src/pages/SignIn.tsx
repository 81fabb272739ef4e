import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError, type Credential } from '../api/client';
import type { SessionView } from '../api/types';
import { ProblemAlert } from '../components/common';

/** Sign-in with an API key (`Server:Principals` / legacy `Server:ApiKeys`) or an OIDC access token (docs/studio.md). */
export function SignIn({ onSignedIn, initialError }: { onSignedIn: (session: SessionView) => void; initialError?: ApiError | null }) {
  const [kind, setKind] = useState<Credential['kind']>('key');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(initialError ?? null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api.signIn({ kind, value: value.trim() });
      setValue('');
      onSignedIn(session);
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr.status === 401
        ? Object.assign(apiErr, { problem: { ...apiErr.problem, title: kind === 'token' ? 'That token was not accepted' : 'That API key was not accepted', detail: apiErr.problem.detail } })
        : apiErr);
    } finally {
      setBusy(false);
    }
  };

  const label = kind === 'token' ? 'Access token' : 'API key';
  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title" data-testid="signin-form">
        <div className="brand brand-lg"><span className="brand-mark" aria-hidden="true">LJ</span> LoanJourney Studio</div>
        <h1 id="signin-title">Sign in</h1>
        <fieldset className="signin-kind">
          <legend>Sign in with</legend>
          <label><input type="radio" name="kind" value="key" checked={kind === 'key'} onChange={() => { setKind('key'); setValue(''); }} data-testid="signin-kind-key" /> Key</label>
          <label><input type="radio" name="kind" value="token" checked={kind === 'token'} onChange={() => { setKind('token'); setValue(''); }} data-testid="signin-kind-token" /> Token (OIDC)</label>
        </fieldset>
        <p className="muted">
          {kind === 'token'
            ? 'Paste an access token from your identity provider (the server\'s Server:Oidc). It is exchanged for a session cookie and is not stored by the browser.'
            : 'Use the API key you were given (its hash is in the server\'s Server:Principals). The key is exchanged for a session cookie and is not stored by the browser.'}
        </p>
        <label htmlFor="api-key">{label}</label>
        <input id="api-key" name="credential" type="password" autoComplete="off" autoFocus value={value}
          onChange={(e) => setValue(e.target.value)} required aria-invalid={error ? true : undefined} aria-describedby={error ? 'signin-problem' : undefined} />
        <ProblemAlert error={error} id="signin-problem" />
        {error?.status === 403 && error.problem.partner && (
          // Walk 53: a partner's key on this form got only "needs the Viewer role unscoped". Say what it is for instead.
          <p className="muted small" data-testid="signin-partner-note">
            This key is partner {error.problem.partner}&apos;s: it works with the API (its own journeys, their tokens whole),
            not in the Studio, which is for the team that runs this deployment and shows every journey&apos;s credentials masked.
            A member of that team signs in with a key of their own.
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !value.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
