import { diffLines } from 'diff';

/** One side of a row: a line of one text with its number, or nothing (the other side's line has no counterpart). */
export interface DiffCell {
  /** 1-based line number in its own text. */
  n: number;
  text: string;
  kind: 'same' | 'del' | 'ins';
}

/** A row of the side-by-side view: the earlier text's line on the left, the later one's on the right. */
export interface DiffLineRow {
  type: 'line';
  left: DiffCell | null;
  right: DiffCell | null;
}

/** Unchanged rows folded away (shown on demand), so what changed is what one sees first. */
export interface DiffFoldRow {
  type: 'fold';
  /** Stable within one diff: the index of the fold's first hidden row. */
  id: number;
  rows: DiffLineRow[];
}

export type DiffRow = DiffLineRow | DiffFoldRow;

export interface SideBySide {
  rows: DiffRow[];
  /** Lines only in the earlier text. */
  removed: number;
  /** Lines only in the later text. */
  added: number;
}

/** Unchanged lines kept around each change. */
export const DIFF_CONTEXT = 3;

function lines(value: string): string[] {
  const all = value.split('\n');
  // A part ends with its last line's newline: the split leaves an empty string after it.
  if (all.length > 0 && all[all.length - 1] === '') all.pop();
  return all;
}

/**
 * The line diff of two texts (jsdiff's `diffLines`: Myers' algorithm, the one `git diff` uses) laid out side by side: a
 * removed block beside the block added in its place, line by line, so that the unchanged lines after them face each other
 * again; runs of unchanged lines longer than twice the context are folded to `context` lines around each change.
 * Identical texts are not folded (there is nothing else to look at).
 */
export function sideBySide(before: string, after: string, context = DIFF_CONTEXT): SideBySide {
  const parts = diffLines(before, after);
  const flat: DiffLineRow[] = [];
  let left = 1;
  let right = 1;
  let removed = 0;
  let added = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.removed) {
      const gone = lines(part.value);
      const next = parts[i + 1];
      const come = next?.added ? lines(next.value) : [];
      if (next?.added) i++;
      removed += gone.length;
      added += come.length;
      for (let k = 0; k < Math.max(gone.length, come.length); k++) {
        flat.push({
          type: 'line',
          left: k < gone.length ? { n: left++, text: gone[k], kind: 'del' } : null,
          right: k < come.length ? { n: right++, text: come[k], kind: 'ins' } : null,
        });
      }
    } else if (part.added) {
      const come = lines(part.value);
      added += come.length;
      for (const text of come) flat.push({ type: 'line', left: null, right: { n: right++, text, kind: 'ins' } });
    } else {
      for (const text of lines(part.value)) {
        flat.push({ type: 'line', left: { n: left++, text, kind: 'same' }, right: { n: right++, text, kind: 'same' } });
      }
    }
  }

  if (removed === 0 && added === 0) return { rows: flat, removed, added };
  return { rows: fold(flat, context), removed, added };
}

function isSame(row: DiffLineRow): boolean {
  return row.left?.kind === 'same' && row.right?.kind === 'same';
}

function fold(flat: DiffLineRow[], context: number): DiffRow[] {
  const rows: DiffRow[] = [];
  let i = 0;
  while (i < flat.length) {
    if (!isSame(flat[i])) {
      rows.push(flat[i++]);
      continue;
    }

    let end = i;
    while (end < flat.length && isSame(flat[end])) end++;
    // Context after the change before the run (none at the start) and before the change after it (none at the end).
    const keepHead = i === 0 ? 0 : context;
    const keepTail = end === flat.length ? 0 : context;
    const hidden = end - i - keepHead - keepTail;
    // Folding one or two lines saves nothing: the fold's own row takes their place.
    if (hidden > 2) {
      rows.push(...flat.slice(i, i + keepHead));
      rows.push({ type: 'fold', id: i + keepHead, rows: flat.slice(i + keepHead, end - keepTail) });
      rows.push(...flat.slice(end - keepTail, end));
    } else {
      rows.push(...flat.slice(i, end));
    }
    i = end;
  }

  return rows;
}
