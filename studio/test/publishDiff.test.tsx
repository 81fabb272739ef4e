import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DefinitionDocument } from '../src/api/types';
import { sideBySide } from '../src/designer/lineDiff';
import { toJson } from '../src/designer/model';
import { PublishDialog } from '../src/designer/PublishDialog';

const text = (n: number, changed: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => changed[i + 1] ?? `line ${i + 1}`).join('\n');

describe('side-by-side line diff', () => {
  it('puts a changed line beside the line it replaced and folds the unchanged run between two changes', () => {
    const diff = sideBySide(text(30), text(30, { 5: 'five', 25: 'twenty-five' }));

    expect(diff.removed).toBe(2);
    expect(diff.added).toBe(2);
    const changed = diff.rows.filter((r) => r.type === 'line' && r.left?.kind === 'del');
    expect(changed).toEqual([
      { type: 'line', left: { n: 5, text: 'line 5', kind: 'del' }, right: { n: 5, text: 'five', kind: 'ins' } },
      { type: 'line', left: { n: 25, text: 'line 25', kind: 'del' }, right: { n: 25, text: 'twenty-five', kind: 'ins' } },
    ]);
    // Lines 1–4 and 26–30 are within 3 lines of a change at the ends; 9–21 (13 lines) are folded, 6–8 and 22–24 kept as context.
    const folds = diff.rows.filter((r) => r.type === 'fold');
    expect(folds).toHaveLength(1);
    expect(folds[0].type === 'fold' && folds[0].rows.map((r) => r.left?.n)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    // Lines 1–4 and 26–30 stay: folding one or two lines beyond the context would save nothing.
    const shown = diff.rows.flatMap((r) => (r.type === 'line' ? [r.left?.n] : []));
    expect(shown).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
  });

  it('keeps the rows after an insertion facing their own lines', () => {
    const diff = sideBySide('a\nb\nc', 'a\nnew 1\nnew 2\nb\nc');

    expect(diff.rows).toEqual([
      { type: 'line', left: { n: 1, text: 'a', kind: 'same' }, right: { n: 1, text: 'a', kind: 'same' } },
      { type: 'line', left: null, right: { n: 2, text: 'new 1', kind: 'ins' } },
      { type: 'line', left: null, right: { n: 3, text: 'new 2', kind: 'ins' } },
      { type: 'line', left: { n: 2, text: 'b', kind: 'same' }, right: { n: 4, text: 'b', kind: 'same' } },
      { type: 'line', left: { n: 3, text: 'c', kind: 'same' }, right: { n: 5, text: 'c', kind: 'same' } },
    ]);
    expect(diff.removed).toBe(0);
    expect(diff.added).toBe(2);
  });

  it('folds nothing when the texts are the same', () => {
    const diff = sideBySide(text(40), text(40));
    expect(diff.rows).toHaveLength(40);
    expect(diff.rows.every((r) => r.type === 'line')).toBe(true);
  });
});

const definition = (title: string, timeout: string, version = 1): DefinitionDocument =>
  ({
    id: 'long-journey',
    version,
    title: 'Long journey',
    start: 's1',
    steps: Array.from({ length: 12 }, (_, i) => ({
      id: `s${i + 1}`,
      activity: 'Core.Delay',
      title: i === 5 ? title : `Step ${i + 1}`,
      inputs: { duration: i === 10 ? timeout : '00:00:01' },
      next: i < 11 ? { Done: `s${i + 2}` } : undefined,
    })),
  }) as unknown as DefinitionDocument;

describe('the publish dialog shows what the draft changes in the JSON', () => {
  it('marks the removed and added lines side by side, folds the rest, and unfolds a run on demand', () => {
    const latest = definition('Wait a second', '00:00:01', 3);
    const draft = definition('Wait for the lender', '00:05:00', 3);
    render(<PublishDialog latest={latest} draft={draft} busy={false} onPublish={vi.fn()} onClose={vi.fn()} />);

    const diff = screen.getByTestId('json-diff');
    expect(within(diff).getByText('Latest version (v3)')).toBeTruthy();
    expect(screen.getByTestId('diff-counts').textContent).toBe('2 lines removed, 2 added (unchanged lines folded).');
    const removed = Array.from(diff.querySelectorAll('td[data-kind="del"]')).map((td) => td.querySelector('del')?.textContent);
    const added = Array.from(diff.querySelectorAll('td[data-kind="ins"]')).map((td) => td.querySelector('ins')?.textContent);
    expect(removed).toEqual(['      "title": "Wait a second",', '        "duration": "00:00:01"']);
    expect(added).toEqual(['      "title": "Wait for the lender",', '        "duration": "00:05:00"']);
    // Each removed line shares its row with the line that replaced it.
    for (const td of diff.querySelectorAll('td[data-kind="del"]')) {
      expect(td.nextElementSibling?.getAttribute('data-kind')).toBe('ins');
    }

    const rowsBefore = diff.querySelectorAll('tbody tr').length;
    const folds = screen.getAllByTestId('diff-unfold');
    expect(folds.length).toBeGreaterThan(0);
    const hidden = Number(/Show (\d+) unchanged lines/.exec(folds[0].textContent ?? '')![1]);
    fireEvent.click(folds[0]);
    expect(diff.querySelectorAll('tbody tr').length).toBe(rowsBefore - 1 + hidden);
    // Every line of both texts is there once everything is unfolded.
    screen.queryAllByTestId('diff-unfold').forEach((b) => fireEvent.click(b));
    expect(diff.querySelectorAll('td:first-child .diff-no').length).toBe(toJson(latest).split('\n').length);
    expect(diff.querySelectorAll('td:last-child .diff-no').length).toBe(toJson(draft).split('\n').length);
  });

  it('shows the draft alone for a first version', () => {
    render(<PublishDialog latest={null} draft={definition('x', '00:00:01')} busy={false} onPublish={vi.fn()} onClose={vi.fn()} />);
    expect(screen.getByTestId('json-diff').textContent).toContain('(none yet)');
    expect(screen.queryByTestId('diff-counts')).toBeNull();
  });
});
