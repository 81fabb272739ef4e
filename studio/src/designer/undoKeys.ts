/** Input types that take no typed text: Ctrl+Z there is the designer's undo, not the field's own. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color', 'range', 'image']);

/**
 * Whether keys pressed at `target` edit text the browser (or Monaco) undoes itself: a text-like input, a textarea,
 * anything content-editable, or the Monaco editor. The designer's Ctrl+Z leaves those alone: there it undoes typing.
 */
export function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('.monaco-editor')) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}

/**
 * The designer's undo/redo shortcut a key press is, or null: Ctrl+Z / ⌘Z undo; Ctrl+Shift+Z, ⌘⇧Z and Ctrl+Y redo.
 * Never with Alt (AltGr on some layouts is Ctrl+Alt), never while typing (see {@link typesText}).
 */
export function undoShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>): 'undo' | 'redo' | null {
  if (e.altKey || !(e.ctrlKey || e.metaKey) || typesText(e.target)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && e.ctrlKey && !e.metaKey && !e.shiftKey) return 'redo';
  return null;
}

/** The shortcuts as this platform writes them, for the buttons' tooltips. */
export function shortcutNames(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): { undo: string; redo: string } {
  return /mac|iphone|ipad/i.test(platform) ? { undo: '⌘Z', redo: '⇧⌘Z' } : { undo: 'Ctrl+Z', redo: 'Ctrl+Shift+Z or Ctrl+Y' };
}
