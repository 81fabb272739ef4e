import type { ValidationError } from '../api/types';

/** The validator's findings under one field; `id` is what the field's aria-describedby points at. */
export function FieldErrors({ id, errors }: { id: string; errors: ValidationError[] }) {
  if (!errors.length) return null;
  return (
    <ul className="field-error-list" id={id} data-testid="field-error">
      {errors.map((e, i) => <li key={i} className="error-text" data-code={e.code} data-field={e.field ?? ''}>{e.message}</li>)}
    </ul>
  );
}
