import { useId, type ReactNode } from 'react';
import { MAX_REASON } from '../lib/outcomeUnknown';

/**
 * The reason an operator gives for an action (skip, cancel, abandon, an outcome-unknown decision): kept in the journal
 * and the audit trail, at most MAX_REASON characters as the server takes it.
 */
export function ReasonField({ value, onChange, required, label, hint, testId }: {
  value: string; onChange: (v: string) => void; required?: boolean; label?: ReactNode; hint?: string; testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? (required ? 'Reason (required)' : 'Reason')}</label>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} required={required} maxLength={MAX_REASON} rows={2}
        aria-describedby={hint} data-testid={testId} />
    </div>
  );
}
