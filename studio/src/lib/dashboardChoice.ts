/**
 * Which workflow the dashboard opens on when its URL names none (docs/studio.md, "Walk 53": the one last viewed there in
 * this browser, while it is still loaded; else the first by title, as the list is sorted). An operator runs one or two
 * products and comes back to the dashboard many times a shift: the first workflow by title is rarely theirs.
 */
export const DASHBOARD_WORKFLOW_KEY = 'loanjourney.dashboard.workflowId';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): Store | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage refused (a privacy setting): the first by title, as before
  }
}

export function dashboardWorkflow(workflows: readonly { id: string }[], store: Store | null = storage()): string | undefined {
  let remembered: string | null = null;
  try {
    remembered = store?.getItem(DASHBOARD_WORKFLOW_KEY) ?? null;
  } catch {
    remembered = null;
  }
  return workflows.find((w) => w.id === remembered)?.id ?? workflows[0]?.id;
}

export function rememberDashboardWorkflow(id: string, store: Store | null = storage()): void {
  if (!id) return;
  try {
    store?.setItem(DASHBOARD_WORKFLOW_KEY, id);
  } catch {
    // full or refused: the next visit opens on the first by title
  }
}
