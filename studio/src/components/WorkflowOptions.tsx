import type { WorkflowSummary } from '../api/types';

/**
 * The options of a workflow filter: all workflows, each loaded one, and the one the URL names when it is not loaded
 * (an old link, or a workflow this server no longer has), so the select never shows a filter other than the one applied.
 */
export function WorkflowOptions({ workflows, selected }: { workflows: WorkflowSummary[]; selected: string | undefined }) {
  return (
    <>
      <option value="">All workflows</option>
      {workflows.map((w) => <option key={w.id} value={w.id}>{w.title || w.id}</option>)}
      {selected && !workflows.some((w) => w.id === selected) && <option value={selected}>{selected}</option>}
    </>
  );
}
