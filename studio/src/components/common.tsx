import { Component, useEffect, useId, useRef, type ErrorInfo, type ReactNode, type RefObject } from 'react';
import type { ApiError } from '../api/client';
import type { InstanceStatus } from '../api/types';
import type { ConnectionState } from '../lib/live';
import { isSecretKey, maskSecrets } from '../lib/format';
import { currencyIn, moneyText, type Currency } from '../lib/money';
import { detailRepeatsErrors } from '../lib/fieldProblems';
import { isChunkLoadError } from '../lib/staleBuild';
import { ChunkErrorNotice } from './StaleBuild';

/** A problem, announced (role=alert); `id` lets the field it is about name it in its aria-describedby. */
export function ProblemAlert({ error, onDismiss, id }: { error: ApiError | null | undefined; onDismiss?: () => void; id?: string }) {
  if (!error) return null;
  const p = error.problem;
  const errors = Object.entries(p.errors ?? {});
  return (
    <div className="alert alert-error" role="alert" id={id} data-testid="problem">
      <div className="alert-body">
        <strong>{p.title}</strong>
        {p.status > 0 && <span className="muted"> ({p.status})</span>}
        {/* A detail made of the field errors is not shown above their list: each message once (docs/studio.md, "Walk 54"). */}
        {p.detail && !detailRepeatsErrors(p.detail, p.errors) && <div>{p.detail}</div>}
        {errors.length > 0 && (
          <ul className="field-errors">
            {errors.map(([field, msgs]) => (
              <li key={field}><code>{field}</code>: {msgs.join(' ')}</li>
            ))}
          </ul>
        )}
        {p.expected && <div>{p.expected.length ? <>It waits for: {p.expected.map((e, i) => <span key={e}>{i ? ', ' : ''}<code>{e}</code></span>)}</> : 'It waits for no signal now.'}</div>}
        {(p.code || p.traceId) && <div className="muted small">{p.code && <>code <code>{p.code}</code></>}{p.code && p.traceId && ' · '}{p.traceId && <>trace <code>{p.traceId}</code></>}</div>}
      </div>
      {onDismiss && <button type="button" className="btn-icon" aria-label="Dismiss error" onClick={onDismiss}>×</button>}
    </div>
  );
}

export function StatusBadge({ status }: { status: InstanceStatus | string }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status}</span>;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <div className="loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{label}</div>;
}

export function JsonView({ value, label, open = false }: { value: unknown; label?: string; open?: boolean }) {
  const text = value === undefined ? 'undefined' : JSON.stringify(value, null, 2);
  // A scrolling box must be reachable from the keyboard (WCAG 2.1.1; axe's scrollable-region-focusable).
  if (!label) return <pre className="json" tabIndex={0}>{text}</pre>;
  return (
    <details className="json-details" open={open}>
      <summary>{label}</summary>
      <pre className="json" tabIndex={0}>{text}</pre>
    </details>
  );
}

export function KeyValues({ value, emptyText = 'None' }: { value: Record<string, unknown> | null | undefined; emptyText?: string }) {
  const entries = Object.entries(value ?? {});
  if (!entries.length) return <p className="muted">{emptyText}</p>;
  return <KeyValueList entries={entries} secret={false} currency={undefined} />;
}

/**
 * A data panel's values at any depth (docs/studio.md, "Nested values"): an object is a key/value list inside its row, an
 * array a numbered list, each value by the same rules as a top-level one (money by its own key, secrets masked); under a
 * secret key everything is masked. Money is in the currency the object states (`currency: "USD"`), else the one of the
 * object around it, else rupees (docs/studio.md, "Money").
 */
function KeyValueList({ entries, secret, currency: around, nested = false }: { entries: [string, unknown][]; secret: boolean; currency: Currency; nested?: boolean }) {
  const currency = currencyIn(entries, around);
  return (
    <dl className={nested ? 'kv kv-nested' : 'kv'}>
      {entries.map(([k, v]) => (
        <div key={k} className={isList(v) ? 'kv-row kv-row-block' : 'kv-row'}>
          <dt>{k}</dt>
          <dd><NestedValue name={k} value={v} secret={secret || isSecretKey(k)} currency={currency} /></dd>
        </div>
      ))}
    </dl>
  );
}

/** A non-empty object or array: shown as a list under its key, the row's whole width (an empty one reads `{}` or `[]` beside it). */
function isList(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function NestedValue({ name, value, secret, currency }: { name: string; value: unknown; secret: boolean; currency: Currency }) {
  if (Array.isArray(value)) {
    if (!value.length) return <span className="mono">[]</span>;
    return (
      <ol className="kv-items" start={0}>
        {value.map((item, i) => <li key={i}><NestedValue name={name} value={item} secret={secret} currency={currency} /></li>)}
      </ol>
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? <KeyValueList entries={entries} secret={secret} currency={currency} nested /> : <span className="mono">{'{}'}</span>;
  }
  const text = secret ? maskSecrets(value, true) : moneyText(name, value, currency) ?? value;
  return <span className="mono">{text === undefined ? 'undefined' : String(text)}</span>;
}

const CONNECTION_LABEL: Record<ConnectionState, string> = {
  open: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <span className={`conn conn-${state}`} data-testid="connection" data-state={state} role="status" aria-label={`Live updates: ${CONNECTION_LABEL[state]}`} title="Live updates (server-sent events)">
      <span className="conn-dot" aria-hidden="true" />
      {CONNECTION_LABEL[state]}
    </span>
  );
}

/** What the keyboard can reach in a dialog, in document order (disabled controls and tabindex="-1" are not). */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The open modals, innermost last: only the innermost one answers Tab and Escape. */
const openModals: HTMLElement[] = [];

interface ModalProps {
  labelledBy: string;
  /** An action is in flight (a money-affecting one, say): Escape, the backdrop and the close button do not close it. */
  busy?: boolean;
  className?: string;
  testId: string;
  /**
   * Where the focus goes when it opens if the dialog asks for no reason (the safe choice); else the first control. A
   * dialog with a reason field (`ReasonField`) opens on it (initialFocusOf).
   */
  initialFocus?: RefObject<HTMLElement | null>;
  onClose: () => void;
  children: ReactNode;
}

/**
 * Where the focus goes when a modal closes: back to its opener; when the opener is disabled or gone by then (an erasure
 * done, a selection cancelled), to the nearest enabled control of the opener's section (the first after the opener, else
 * the last before it; the section's first when the opener is gone), else to the page's main heading, so that the focus
 * never falls to the page (docs/studio.md, "Modal dialogs").
 */
function returnFocus(opener: HTMLElement | null, scope: HTMLElement | null) {
  if (!opener || opener === document.body) return;
  if (opener.isConnected && !opener.matches(':disabled')) {
    opener.focus();
    return;
  }
  const controls = scope?.isConnected ? [...scope.querySelectorAll<HTMLElement>(FOCUSABLE)] : [];
  const after = opener.isConnected
    ? controls.find((c) => opener.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING)
      ?? controls.filter((c) => opener.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_PRECEDING).at(-1)
    : controls[0];
  if (after) after.focus();
  else focusMainHeading();
}

/**
 * Gives the focus to the page's main heading (`h1`, made focusable with `tabindex="-1"`), which names where the user is;
 * false when the page has none yet.
 */
export function focusMainHeading(root: ParentNode = document): boolean {
  const heading = root.querySelector<HTMLElement>('main h1, h1');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus();
  return true;
}

/**
 * Takes the focus to the page's main heading once the page shows one (a page that loads first shows it later, and may
 * render it anew when its data comes), while nothing else has it, until the user presses a key or the pointer: after
 * signing in the form is gone and the focus with it, on the body (docs/studio.md, "Focus after signing in"). Returns what
 * stops it.
 */
export function focusMainHeadingWhenShown(root: HTMLElement): () => void {
  const attempt = () => {
    const active = document.activeElement;
    if (!active || active === document.body || active === root) focusMainHeading(root);
  };
  const observer = new MutationObserver(attempt);
  const stop = () => {
    observer.disconnect();
    document.removeEventListener('keydown', stop, true);
    document.removeEventListener('pointerdown', stop, true);
  };
  observer.observe(root, { childList: true, subtree: true });
  document.addEventListener('keydown', stop, true);
  document.addEventListener('pointerdown', stop, true);
  attempt();
  return stop;
}

/**
 * Where the focus goes when a modal opens (docs/studio.md, "Modal dialogs"): its reason field, when it asks for one (the
 * field the user needs next, where typing commits nothing: on *Keep* the first space of the reason closed the dialog, walk
 * 51); else the safe choice it names; else its first control.
 */
function initialFocusOf(dialog: HTMLElement, safe: HTMLElement | null | undefined): HTMLElement {
  return dialog.querySelector<HTMLElement>('[data-reason-field]:not(:disabled)') ?? safe ?? dialog.querySelector<HTMLElement>(FOCUSABLE) ?? dialog;
}

/**
 * Makes everything outside <dialog> inert (out of the Tab order, the pointer's reach and the accessibility tree) while it is
 * open: the siblings of the dialog and of each of its ancestors up to the body, the elements a `<dialog>` opened with
 * `showModal()` would leave behind. `aria-modal` alone did not do it in Chromium: its accessibility tree still held the
 * page behind the dialog, which a screen reader's reading keys reach (session 45). Returns what puts them back: only the
 * elements it made inert (an element already inert, or made inert by a modal below, is left as it is).
 */
function inertOutside(dialog: HTMLElement): () => void {
  const made: HTMLElement[] = [];
  for (let node: HTMLElement | null = dialog; node && node !== document.body; node = node.parentElement) {
    const parent: HTMLElement | null = node.parentElement;
    if (!parent) break;
    for (const sibling of parent.children) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert || sibling.tagName === 'SCRIPT') continue;
      sibling.inert = true;
      made.push(sibling);
    }
  }
  return () => {
    for (const e of made) e.inert = false;
  };
}

/**
 * The one modal dialog of the Studio (docs/studio.md, "Accessibility"): the focus moves in when it opens, Tab and
 * Shift+Tab stay inside (also from a focus that was lost to the page, as when a focused button was disabled), Escape
 * and the backdrop close it unless an action is in flight, and the focus returns to what opened it (or near it:
 * returnFocus).
 */
export function Modal({ labelledBy, busy, className, testId, initialFocus, onClose, children }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef({ busy, onClose });
  latest.current = { busy, onClose };
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const scope = opener?.closest<HTMLElement>('section, main') ?? null;
    openModals.push(dialog);
    const restoreOutside = inertOutside(dialog);
    initialFocusOf(dialog, initialFocus?.current).focus();
    const onKeyDown = (e: KeyboardEvent) => {
      if (openModals[openModals.length - 1] !== dialog) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        e.preventDefault();
        if (!latest.current.busy) latest.current.onClose();
      } else if (e.key === 'Tab') {
        const f = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const inside = dialog.contains(document.activeElement);
        const first = f[0] ?? dialog;
        const last = f[f.length - 1] ?? dialog;
        if (!inside || (e.shiftKey ? document.activeElement === first : document.activeElement === last)) {
          e.preventDefault();
          (!inside ? (e.shiftKey ? last : first) : e.shiftKey ? last : first).focus();
        }
      }
    };
    // On the document, so that the dialog keeps the keyboard even when the focus is no longer inside it.
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      openModals.splice(openModals.indexOf(dialog), 1);
      restoreOutside();
      returnFocus(opener, scope);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- set up once per opening; busy and onClose are read through a ref
  }, []);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div className={className ?? 'dialog'} role="dialog" aria-modal="true" aria-labelledby={labelledBy} aria-busy={busy || undefined}
        tabIndex={-1} ref={ref} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

interface DialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** The confirm button stays disabled (something the dialog asks for is still missing). */
  confirmDisabled?: boolean;
  /** A wider dialog, for one that shows a table. */
  wide?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** A modal confirmation: focus starts on its reason field, else on the safe choice; while its action is in flight it cannot be closed. */
export function ConfirmDialog({ title, children, confirmLabel, danger, busy, confirmDisabled, wide, onConfirm, onClose }: DialogProps) {
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal labelledBy={titleId} busy={busy} className={wide ? 'dialog dialog-wide' : 'dialog'} testId="confirm-dialog" initialFocus={cancelRef} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">
        <button type="button" className="btn" ref={cancelRef} disabled={busy} onClick={onClose}>Keep</button>
        <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy || confirmDisabled} onClick={onConfirm} data-testid="confirm-button">
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

/** Keeps one broken page from blanking the whole Studio; navigating elsewhere resets it. */
export class ErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { error: Error | null; key: string }> {
  state = { error: null as Error | null, key: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  componentDidCatch(_error: Error, _info: ErrorInfo) {
    // Shown on screen below; nothing to report to.
  }
  render() {
    if (!this.state.error) return this.props.children;
    if (isChunkLoadError(this.state.error)) return <div className="page"><ChunkErrorNotice error={this.state.error} /></div>;
    return (
      <div className="page">
        <div className="alert alert-error" role="alert">
          <div className="alert-body"><strong>This page failed to render.</strong><div>{this.state.error.message}</div></div>
        </div>
      </div>
    );
  }
}
