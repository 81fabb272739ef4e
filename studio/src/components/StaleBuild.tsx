import { lazy, type ComponentType } from 'react';
import { browserEnvironment, isChunkLoadError, recoverFromStaleBuild, useStaleBuildMessage, type RecoveryEnvironment, type StaleBuildReason } from '../lib/staleBuild';

const TEXT: Record<StaleBuildReason, { title: string; body: string }> = {
  unsaved: {
    title: 'The Studio was updated on the server',
    body: 'A part of the Studio this tab needs is no longer there. Reloading loads the new version but would lose your unsaved changes: save them first, then reload.',
  },
  reloaded: {
    title: 'A part of the Studio could not be loaded',
    body: 'The server no longer has it, even after reloading once. Reload to try again; if this keeps happening, the Studio build on the server may be incomplete.',
  },
};

function reload() {
  window.location.reload();
}

/** The message after a failed load of a part of the build (lib/staleBuild.ts): what happened and a Reload button. */
export function StaleBuildMessage() {
  const reason = useStaleBuildMessage();
  if (!reason) return null;
  const text = TEXT[reason];
  return (
    <div className="alert alert-warn stale-build" role="alert" data-testid="stale-build" data-reason={reason}>
      <div className="alert-body"><strong>{text.title}</strong><div>{text.body}</div></div>
      <button type="button" className="btn" onClick={reload} data-testid="stale-build-reload">Reload</button>
    </div>
  );
}

/** A page whose code could not be loaded, when reloading was not the answer: the message above it says what to do. */
function PageNotLoaded() {
  return (
    <div className="page" data-testid="page-not-loaded">
      <h1>This page could not be loaded</h1>
      <p>Its code belongs to a version of the Studio the server no longer has; the message above says what to do.</p>
    </div>
  );
}

/**
 * React.lazy for a page of the Studio whose code is loaded when it opens. When that load fails because the server
 * has a newer build, the tab reloads onto it (Suspense keeps showing its loading state until the new page is there), or,
 * where reloading would lose work or did not help, the page says it could not be loaded. Other errors go to the error
 * boundary as before.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, env: RecoveryEnvironment = browserEnvironment) {
  return lazy(async (): Promise<{ default: ComponentType<P> }> => {
    try {
      return { default: await load() };
    } catch (error) {
      const done = recoverFromStaleBuild(error, env);
      if (done === 'ignored') throw error;
      if (done === 'reload') return new Promise<never>(() => undefined);
      return { default: PageNotLoaded as ComponentType<P> };
    }
  });
}

/** What the error boundary shows for a failed load of the build that reached it another way. */
export function ChunkErrorNotice({ error }: { error: Error }) {
  if (!isChunkLoadError(error)) return null;
  return (
    <div className="alert alert-warn" role="alert" data-testid="chunk-error">
      <div className="alert-body"><strong>This page could not be loaded</strong><div>A part of the Studio is no longer on the server (a newer version was deployed). Reload to load the new version.</div></div>
      <button type="button" className="btn" onClick={reload}>Reload</button>
    </div>
  );
}
