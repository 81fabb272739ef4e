import type { AuditEntry } from '../../api/types';
import { shortId } from '../../lib/format';

const METHODS: Record<string, string> = { key: 'API key', session: 'Studio session', bearer: 'OIDC token' };

/**
 * "From where" an action came (session 46): the client's address as the server saw it, how the principal signed in and
 * which sign-in (the key's principal, the session's id shortened, the token's subject), and the user agent (cut by the
 * server to 200 characters; here in full as the line's title). Entries from before the server recorded it, and the
 * retention job's, show "—".
 */
export function AuditOrigin({ entry }: { entry: AuditEntry }) {
  const { clientAddress, authMethod, authId, userAgent } = entry;
  if (!clientAddress && !authMethod && !userAgent) {
    return <span className="muted" data-testid="audit-origin">—</span>;
  }
  const method = authMethod ? (METHODS[authMethod] ?? authMethod) : null;
  const id = authId && authMethod === 'session' ? shortId(authId) : authId;
  return (
    <div className="audit-origin" data-testid="audit-origin">
      <span className="mono" data-testid="audit-origin-address">{clientAddress ?? '—'}</span>
      {method && (
        <span className="muted" data-testid="audit-origin-signin" title={authId ?? undefined}>
          {' · '}{method}{id ? ` ${id}` : ''}
        </span>
      )}
      {userAgent && <div className="muted audit-agent" data-testid="audit-origin-agent" title={userAgent}>{userAgent}</div>}
    </div>
  );
}
