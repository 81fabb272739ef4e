import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, toApiError, type ApiError } from './api/client';
import { ConnectionIndicator, ErrorBoundary, focusMainHeadingWhenShown, Loading } from './components/common';
import { lazyPage, StaleBuildMessage } from './components/StaleBuild';
import { LiveContext, useConnectionState } from './lib/hooks';
import { LiveConnection } from './lib/live';
import { can, describeRoles, heldRoles, normalizeRoles, REQUIRED_ROLE, SessionContext, type Action, type SessionUser } from './lib/roles';
import { href, useRoute } from './lib/router';
import { AuditPage } from './pages/Audit';
import { DashboardPage } from './pages/Dashboard';
import { CompareVersions } from './components/definitions/CompareVersions';
import { DefinitionsPage } from './pages/Definitions';
import { JourneyPage } from './pages/Journey';
import { JourneysPage } from './pages/Journeys';
import { PrivacyPage } from './pages/Privacy';
import { SignIn } from './pages/SignIn';

// The designer and the start form bring Monaco: loaded only when one of them opens. After a redeploy their old chunks
// are gone: lazyPage reloads onto the new build (lib/staleBuild.ts).
const DesignerPage = lazyPage(() => import('./designer/DesignerPage').then((m) => m.DesignerPage));
const StartPage = lazyPage(() => import('./start/StartPage').then((m) => m.StartPage));

type Auth = 'checking' | 'signedOut' | 'signedIn';

/**
 * The page scrolls under the sticky top bar. `scroll-padding-top` (styles.css, from `--topbar-height`) makes the browser
 * bring a control the keyboard focuses into view below the bar, not behind it (WCAG 2.2 "Focus Not Obscured"). The bar is
 * 56 px high, taller where it wraps in a narrow window: its height is measured again whenever it changes.
 */
function measureTopBar(bar: HTMLElement | null): (() => void) | undefined {
  if (!bar || typeof ResizeObserver === 'undefined') return undefined;
  const root = document.documentElement;
  const measure = () => root.style.setProperty('--topbar-height', `${Math.ceil(bar.getBoundingClientRect().height)}px`);
  measure();
  const observer = new ResizeObserver(measure);
  observer.observe(bar);
  return () => {
    observer.disconnect();
    root.style.removeProperty('--topbar-height');
  };
}

export function App() {
  const [auth, setAuth] = useState<Auth>('checking');
  const [authError, setAuthError] = useState<ApiError | null>(null);
  const [user, setUser] = useState<SessionUser | null>(null);
  // Signed in from the form (not a session already open): the form is gone and its focus with it.
  const [fromSignIn, setFromSignIn] = useState(false);

  const adopt = useCallback((s: { signedIn: boolean; name?: string | null; role?: string | null; roles?: (string | null)[] | null; partner?: string | null }) => {
    // Every role the server says the principal holds (session 46), strongest first; `role` is the first of them.
    const roles = normalizeRoles(s.roles, s.role);
    setUser(s.signedIn ? { name: s.name ?? '', role: roles[0] ?? null, roles, partner: s.partner ?? null } : null);
    setAuth(s.signedIn ? 'signedIn' : 'signedOut');
  }, []);

  useEffect(() => {
    api.onUnauthorized = () => setAuth('signedOut');
    api.getSession().then(
      adopt,
      (e: unknown) => {
        setAuthError(toApiError(e));
        setAuth('signedOut');
      },
    );
    return () => {
      api.onUnauthorized = undefined;
    };
  }, [adopt]);

  const live = useMemo(() => (auth === 'signedIn' ? new LiveConnection(api.eventsUrl(), undefined, () => setAuth('signedOut')) : null), [auth]);
  useEffect(() => {
    live?.start();
    return () => live?.stop();
  }, [live]);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } catch {
      // Signing out locally matters more than the server's answer; the cookie expires anyway.
    }
    setAuth('signedOut');
  }, []);

  if (auth === 'checking') return <main id="main" className="center"><Loading label="Checking your session…" /></main>;
  if (auth === 'signedOut') return <SignIn initialError={authError} onSignedIn={(s) => { setAuthError(null); setFromSignIn(true); adopt(s); }} />;
  return (
    <SessionContext.Provider value={user}>
      <LiveContext.Provider value={live}>
        <Shell onSignOut={signOut} user={user} focusHeading={fromSignIn} />
      </LiveContext.Provider>
    </SessionContext.Provider>
  );
}

function Shell({ onSignOut, user, focusHeading }: { onSignOut: () => void; user: SessionUser | null; focusHeading: boolean }) {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  // After signing in the focus was on the body, and the next Tab started from the top (walk 51): the page's heading takes
  // it, as a dialog that closes with nothing left near its opener does (docs/studio.md, "Focus after signing in").
  useEffect(() => (focusHeading && main.current ? focusMainHeadingWhenShown(main.current) : undefined), [focusHeading]);
  const conn = useConnectionState();
  const [section = 'journeys', id, sub] = route.segments;
  const held = heldRoles(user);
  const heldText = describeRoles(held);
  const nav = [
    { key: 'journeys', label: 'Journeys', to: '/journeys' },
    { key: 'dashboard', label: 'Dashboard', to: '/dashboard' },
    { key: 'definitions', label: 'Definitions', to: '/definitions' },
    // GET /api/audit and GET /api/retention need Viewer (docs/server.md's role matrix), which every role holds; a principal
    // without one has no entry. The erasure on the Privacy page is the Admin's alone.
    ...(held.length > 0 ? [{ key: 'audit', label: 'Audit', to: '/audit' }, { key: 'privacy', label: 'Privacy', to: '/privacy' }] : []),
  ];
  // A link or a typed URL can reach a page the role cannot use: say which role it needs instead of a page of 403s.
  const guarded = (action: Action, content: ReactNode) => (can(held, action) ? content : (
    <div className="page" data-testid="role-required">
      <h1>Not available to your role</h1>
      <p>This needs the {REQUIRED_ROLE[action]} role; {user?.name ?? 'you'} {heldText ? `is ${heldText}` : 'has no role'}.</p>
      <p><a href={href(id ? `/definitions/${encodeURIComponent(id)}` : '/definitions')}>Back to the definition</a></p>
    </div>
  ));
  let page;
  if (section === 'journeys' && id) page = <JourneyPage key={id} id={id} />;
  else if (section === 'journeys') page = <JourneysPage query={route.query} />;
  else if (section === 'dashboard') page = <DashboardPage query={route.query} />;
  else if (section === 'definitions' && id && sub === 'edit') page = guarded('editDraft', <DesignerPage key={id} id={id} />);
  else if (section === 'definitions' && id && sub === 'start') page = guarded('start', <StartPage key={id} id={id} query={route.query} />);
  else if (section === 'definitions' && id && sub === 'compare') page = <CompareVersions key={id} id={id} query={route.query} />;
  else if (section === 'definitions') page = <DefinitionsPage id={id} query={route.query} />;
  else if (section === 'audit') page = <AuditPage query={route.query} />;
  else if (section === 'privacy') page = <PrivacyPage />;
  else page = <div className="page"><h1>Not found</h1><p><a href={href('/journeys')}>Go to journeys</a></p></div>;

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header className="topbar" ref={measureTopBar}>
        <a className="brand" href={href('/journeys')}><span className="brand-mark" aria-hidden="true">LJ</span> <span className="brand-text">LoanJourney Studio</span></a>
        <nav aria-label="Main" className="mainnav">
          {nav.map((n) => (
            <a key={n.key} href={href(n.to)} aria-current={section === n.key ? 'page' : undefined}>{n.label}</a>
          ))}
        </nav>
        <div className="topbar-end">
          <ConnectionIndicator state={conn} />
          {user && (
            <span className="whoami" data-testid="whoami" data-role={held.join(' ')}
              title={`Signed in as ${user.name} (${heldText ?? 'no role'})${user.partner ? `, acting for partner ${user.partner}` : ''}`}>
              <span className="whoami-name" data-testid="whoami-name">{user.name}</span>
              <span className="whoami-role" data-testid="whoami-role">{heldText ?? 'no role'}</span>
              {user.partner && <span className="whoami-partner" data-testid="whoami-partner">partner {user.partner}</span>}
            </span>
          )}
          <button type="button" className="btn btn-ghost" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}><StaleBuildMessage /><ErrorBoundary resetKey={route.path}><Suspense fallback={<div className="page"><Loading /></div>}>{page}</Suspense></ErrorBoundary></main>
    </div>
  );
}
