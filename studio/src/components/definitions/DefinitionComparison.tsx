import type { DefinitionDocument, DefinitionStep } from '../../api/types';
import { SideBySideDiff } from '../../designer/SideBySideDiff';
import { changedStepFields, diffDefinitions, toJson } from '../../designer/model';

/**
 * Two definitions compared: the steps added, removed and changed (each changed step with the fields that changed: its
 * inputs' bindings, transitions, retry, …) and the files' line diff side by side (the publish dialog's). Read-only.
 */
export function DefinitionComparison({ before, after, beforeTitle, afterTitle }: {
  before: DefinitionDocument; after: DefinitionDocument; beforeTitle: string; afterTitle: string;
}) {
  const change = diffDefinitions(before, after);
  const was = new Map((before.steps ?? []).map((s) => [s.id, s]));
  const now = new Map((after.steps ?? []).map((s) => [s.id, s]));
  const fields = (id: string) => changedStepFields(asRecord(was.get(id)), asRecord(now.get(id)));
  return (
    <>
      <ul className="plain" data-testid="version-changes-summary">
        {change.added.length > 0 && <li>Steps added in {afterTitle}: <span className="mono">{change.added.join(', ')}</span></li>}
        {change.removed.length > 0 && <li>Steps not in {afterTitle}: <span className="mono">{change.removed.join(', ')}</span></li>}
        {change.changed.length > 0 && (
          <li>Steps changed:{' '}
            <ul className="plain">
              {change.changed.map((id) => (
                <li key={id} data-testid="changed-step" data-step-id={id}><span className="mono">{id}</span>: <span className="mono">{fields(id).join(', ')}</span></li>
              ))}
            </ul>
          </li>
        )}
        {change.other.length > 0 && <li>Also changed: {change.other.join(', ')}</li>}
        {!change.added.length && !change.removed.length && !change.changed.length && !change.other.length && <li>No step or field changed.</li>}
      </ul>
      <SideBySideDiff before={toJson(before)} after={toJson(after)} beforeTitle={beforeTitle} afterTitle={afterTitle} />
    </>
  );
}

function asRecord(step: DefinitionStep | undefined): Record<string, unknown> {
  return { ...(step ?? {}) };
}
