import { api } from '../../api/client';
import { ConfirmDialog, ProblemAlert } from '../common';
import { useAction } from './useAction';
import { useState } from 'react';

export function CancelButton({ id, onDone, testId = 'cancel-journey', label = 'Cancel journey' }: { id: string; onDone: () => void; testId?: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const a = useAction();
  return (
    <div className="action-block">
      <button type="button" className="btn btn-danger-outline" onClick={() => setOpen(true)} data-testid={testId}>{label}</button>
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && (
        <ConfirmDialog title="Cancel this journey?" confirmLabel="Cancel journey" danger busy={a.busy} onClose={() => setOpen(false)}
          onConfirm={async () => {
            await a.run(() => api.cancel(id), 'Cancelled', onDone);
            setOpen(false);
          }}>
          <p>The definition's compensation runs (for example, releasing a pay-later block) and the journey ends as <strong>Cancelled</strong>. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
