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
  // The label wraps its box, as the Studio's other labelled boxes do (one element: the label is the box's, whatever form
  // it sits in), and names it by `for` as well: WCAG's H44 notes some assistive technologies miss a wrapping label alone.
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{label ?? (required ? 'Reason (required)' : 'Reason')}</span>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} required={required} maxLength={MAX_REASON} rows={2}
        aria-describedby={hint || undefined} data-testid={testId} data-reason-field="" />
    </label>
  );
}

/** True when a required reason is given and the server takes it (1 to MAX_REASON characters once trimmed). */
export function reasonGiven(reason: string): boolean {
  const why = reason.trim();
  return why.length > 0 && why.length <= MAX_REASON;
}

/** The required reason of an action on journeys (one or a selection), kept in the journal and the audit trail. */
export function KeptReason({ hint, value, onChange, testId }: { hint?: string; value: string; onChange: (v: string) => void; testId: string }) {
  return <ReasonField value={value} onChange={onChange} required hint={hint} testId={testId}
    label={<>Reason (required) <span className="muted small">(kept in the journal and the audit trail)</span></>} />;
}
