import { useId, useRef, useState } from 'react';
import type { DefinitionDocument } from '../api/types';
import { Modal } from '../components/common';
import { ReasonField, reasonGiven } from '../components/ReasonField';
import { diffDefinitions, toJson } from './model';
import { SideBySideDiff } from './SideBySideDiff';

interface Props {
  latest: DefinitionDocument | null;
  draft: DefinitionDocument;
  busy: boolean;
  /** Called with the author's reason, trimmed: required, as the API has it (it goes into the audit trail). */
  onPublish: (reason: string) => void;
  onClose: () => void;
}

/**
 * What a publish changes (steps added, removed, changed, and the JSON's line diff side by side) before it is confirmed,
 * and why: a publish changes what every new journey runs, so the reason is required and kept in the audit trail.
 */
export function PublishDialog({ latest, draft, busy, onPublish, onClose }: Props) {
  const titleId = useId();
  const hintId = useId();
  const missingId = useId();
  const reasonRef = useRef<HTMLDivElement>(null);
  const [reason, setReason] = useState('');
  const why = reason.trim();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const change = diffDefinitions(latest, draft);
  const none = !change.added.length && !change.removed.length && !change.changed.length && !change.other.length;
  return (
    <Modal labelledBy={titleId} busy={busy} className="dialog dialog-wide" testId="publish-dialog" initialFocus={cancelRef} onClose={onClose}>
      <h2 id={titleId}>Publish {draft.title || draft.id}{latest?.version ? ` (after v${latest.version})` : ' (first version)'}</h2>
      <div className="dialog-body">
        {none ? <p>No change against the latest version.</p> : (
          <ul className="plain" data-testid="publish-summary">
            {change.added.length > 0 && <li>Steps added: <span className="mono">{change.added.join(', ')}</span></li>}
            {change.removed.length > 0 && <li>Steps removed: <span className="mono">{change.removed.join(', ')}</span></li>}
            {change.changed.length > 0 && <li>Steps changed: <span className="mono">{change.changed.join(', ')}</span></li>}
            {change.other.length > 0 && <li>Also changed: {change.other.join(', ')}</li>}
            {latest?.version && !change.added.length && !change.removed.length && !change.changed.length && change.other.join() === 'layout' && (
              <li data-testid="publish-layout-only">Only the layout changed: no new version; version {latest.version} keeps its number and takes this arrangement.</li>
            )}
          </ul>
        )}
        <p className="small muted" id={hintId}>New journeys take the new version; running journeys finish on the version they started with.</p>
        <div ref={reasonRef}>
          <ReasonField value={reason} onChange={setReason} required hint={hintId} testId="publish-reason"
            label={<>Reason (required) <span className="muted small">(kept in the audit trail: what changes and why)</span></>} />
        </div>
        {latest && change.removed.length > 0 && (
          // A renamed step reads as one added and one removed: say what that means for the journeys waiting at it.
          <p className="small" data-testid="publish-step-map-hint">
            Journeys waiting at <span className="mono">{change.removed.join(', ')}</span> can move to this version only with a step map
            that names the step replacing {change.removed.length === 1 ? 'it' : 'each'}: after publishing, <em>Move waiting journeys</em> on
            the definition asks for it (docs/migration.md).
          </p>
        )}
        {/* Our own side-by-side table over jsdiff's line diff: Monaco's diff editor threw disposal errors when the dialog closed. */}
        {latest ? (
          <SideBySideDiff before={toJson(latest)} after={toJson(draft)} beforeTitle={`Latest version (v${latest.version})`} afterTitle="Draft" />
        ) : (
          <div className="json-diff" data-testid="json-diff">
            <div><h3>Latest version</h3><pre className="json" tabIndex={0}>(none yet)</pre></div>
            <div><h3>Draft</h3><pre className="json" tabIndex={0}>{toJson(draft)}</pre></div>
          </div>
        )}
      </div>
      <div className="dialog-actions">
        {/* A disabled Publish said nothing of why (walk 44: the dialog then opened on "Keep editing", at its foot, with the
            reason out of sight above a long diff). It opens on the reason now (walk 51), but an author who Tabs down to
            Publish first still learns why it is disabled here, and is taken back to the field. */}
        {!reasonGiven(why) && (
          <p className="small muted dialog-actions-note" id={missingId} data-testid="publish-reason-missing">
            Publish needs a reason.{' '}
            <button type="button" className="linklike" onClick={() => {
              reasonRef.current?.scrollIntoView({ block: 'center' });
              reasonRef.current?.querySelector('textarea')?.focus();
            }}>Give the reason</button>
          </p>
        )}
        <button type="button" className="btn" ref={cancelRef} disabled={busy} onClick={onClose}>Keep editing</button>
        <button type="button" className="btn btn-primary" disabled={busy || !reasonGiven(why)} onClick={() => onPublish(why)} data-testid="publish-confirm"
          aria-describedby={reasonGiven(why) ? undefined : missingId}>{busy ? 'Publishing…' : 'Publish'}</button>
      </div>
    </Modal>
  );
}
