import { normaliseField } from './model';

/**
 * The control of a step's editor that a validation problem names (walk 49): the problems list selected the step and showed
 * the error under its field, but left the field where it was, often below the fold of a long step, and the keyboard in
 * the list. Each field's errors are `FieldErrors` with the id `{uid}-{field}-err`, and the field's control names them in
 * `aria-describedby`; the control whose field is the problem's, or the nearest one above it (`inputs.fields` for
 * `inputs.fields[0].name`), is returned, else the editor's first invalid control, else null.
 */
export function problemFieldControl(editor: HTMLElement, field: string | null | undefined): HTMLElement | null {
  const controls = Array.from(editor.querySelectorAll<HTMLElement>('input[aria-describedby], select[aria-describedby], textarea[aria-describedby]'));
  if (field) {
    const want = normaliseField(field);
    let best: { control: HTMLElement; length: number } | null = null;
    for (const control of controls) {
      for (const id of (control.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
        const m = /^[^-]*-(.+)-err$/.exec(id);
        if (!m) continue;
        const key = normaliseField(m[1]);
        if ((want === key || want.startsWith(`${key}.`)) && (!best || key.length > best.length)) best = { control, length: key.length };
      }
    }
    if (best) return best.control;
  }
  return editor.querySelector<HTMLElement>('input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"]');
}
