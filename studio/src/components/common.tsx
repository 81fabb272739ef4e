import { Component, useEffect, useId, useRef, type ErrorInfo, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { InstanceStatus } from '../api/types';
import type { ConnectionState } from '../lib/live';
import { displayValue } from '../lib/format';
import { isChunkLoadError } from '../lib/staleBuild';
import { ChunkErrorNotice } from './StaleBuild';

export function ProblemAlert({ error, onDismiss }: { error: ApiError | null | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  const p = error.problem;
  const errors = Object.entries(p.errors ?? {});
  return (
    <div className="alert alert-error" role="alert" data-testid="problem">
      <div className="alert-body">
        <strong>{p.title}</strong>
        {p.status > 0 && <span className="muted"> ({p.status})</span>}
        {p.detail && <div>{p.detail}</div>}
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
  return (
    <dl className="kv">
      {entries.map(([k, v]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd>{v !== null && typeof v === 'object' ? <JsonView value={v} /> : <span className="mono">{String(displayValue(k, v))}</span>}</dd>
        </div>
      ))}
    </dl>
  );
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

/** A modal confirmation: focus starts on the safe choice, Escape and the backdrop close it, Tab stays inside. */
export function ConfirmDialog({ title, children, confirmLabel, danger, busy, confirmDisabled, wide, onConfirm, onClose }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => opener?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab' && ref.current) {
      const f = [...ref.current.querySelectorAll<HTMLElement>('button:not([disabled]), [href], input, select, textarea')];
      if (!f.length) return;
      const first = f[0];
      const last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={wide ? 'dialog dialog-wide' : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} onKeyDown={onKeyDown} data-testid="confirm-dialog">
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" className="btn" ref={cancelRef} onClick={onClose}>Keep</button>
          <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy || confirmDisabled} onClick={onConfirm} data-testid="confirm-button">
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
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
