import { useReactFlow, useStore, type FitViewOptions } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';
import { typesText } from '../designer/undoKeys';

/** How far one arrow key press moves the view, in screen pixels (Shift: four times as far, as React Flow moves nodes). */
export const PAN_STEP = 60;

/** What the canvas's keys do, said once: the canvas's accessible description and the hint shown while it has focus. */
export const CANVAS_KEYS_HELP =
  'Keys: arrow keys move the view (Shift: farther), + and − zoom, 0 or F fits the whole flowchart. ' +
  'Tab goes through the steps; a step out of view is brought into view.';

export type CanvasKeyAction =
  | { kind: 'pan'; dx: number; dy: number }
  | { kind: 'zoom'; direction: 1 | -1 }
  | { kind: 'fit' };

/**
 * The view change a key pressed on a flowchart canvas (or on a step, wire or button in it) asks for, or null. Arrows
 * move the view the way scrolling does (↓ shows what is below: the drawing moves up), + / = zoom in, - zoom out, 0 or F
 * fit the whole graph. Never with Ctrl, ⌘ or Alt (the designer's Ctrl+Z, the browser's Ctrl+± page zoom, AltGr), never
 * while typing (see {@link typesText}); Shift only makes a pan farther (and is how + is typed on many layouts).
 */
export function canvasKeyAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>): CanvasKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || typesText(e.target)) return null;
  const step = e.shiftKey ? PAN_STEP * 4 : PAN_STEP;
  switch (e.key) {
    case 'ArrowLeft': return { kind: 'pan', dx: step, dy: 0 };
    case 'ArrowRight': return { kind: 'pan', dx: -step, dy: 0 };
    case 'ArrowUp': return { kind: 'pan', dx: 0, dy: step };
    case 'ArrowDown': return { kind: 'pan', dx: 0, dy: -step };
    case '+': case '=': return { kind: 'zoom', direction: 1 };
    case '-': case '_': return { kind: 'zoom', direction: -1 };
    case '0': case 'f': case 'F': return { kind: 'fit' };
    default: return null;
  }
}

interface Box { left: number; top: number; right: number; bottom: number }

/**
 * How far (screen pixels) the view must move so that `item` is in the middle of `pane`, or null when it is wholly
 * inside already (nothing moves then: Tab through steps that are all in view leaves the view as it is).
 */
export function revealShift(item: Box, pane: Box): { dx: number; dy: number } | null {
  if (item.left >= pane.left && item.right <= pane.right && item.top >= pane.top && item.bottom <= pane.bottom) return null;
  return {
    dx: (pane.left + pane.right) / 2 - (item.left + item.right) / 2,
    dy: (pane.top + pane.bottom) / 2 - (item.top + item.bottom) / 2,
  };
}

function focusVisible(el: Element): boolean {
  try {
    return el.matches(':focus-visible');
  } catch {
    return true; // a DOM without :focus-visible (jsdom of old): treat every focus as the keyboard's
  }
}

/**
 * Keyboard pan, zoom and fit for a React Flow canvas, and a step (or wire) focused by the keyboard brought into view.
 * Rendered inside `<ReactFlow>`; listens on `container`, the focusable element around the canvas, so the keys act only
 * when the focus is on the canvas or in it, never in the page's fields or the designer's side panel.
 *
 * React Flow 12 has no keys for the viewport; its `autoPanOnNodeFocus` centres a node whose *wrapper* gets the focus,
 * which needs `nodesFocusable` (a second tab stop per step, a `group` around the step's button). Our steps are the
 * buttons inside, so the same centring is done here on `focusin`, for keyboard focus only (`:focus-visible`, as React
 * Flow does: a click does not move the view). Zoom and fit are the `<Controls>` buttons' own calls.
 */
export function CanvasKeyboard({ container, fitViewOptions }: { container: RefObject<HTMLElement | null>; fitViewOptions: FitViewOptions }) {
  const flow = useReactFlow();
  const domNode = useStore((s) => s.domNode);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = canvasKeyAction(e);
      if (!action) return;
      e.preventDefault(); // the page does not scroll under the canvas
      if (action.kind === 'pan') {
        const { x, y, zoom } = flow.getViewport();
        void flow.setViewport({ x: x + action.dx, y: y + action.dy, zoom });
      } else if (action.kind === 'zoom') {
        void (action.direction > 0 ? flow.zoomIn() : flow.zoomOut());
      } else {
        void flow.fitView(fitViewOptions);
      }
    };
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target;
      if (!(target instanceof Element) || target === el || !domNode || !focusVisible(target)) return;
      const item = target.closest('.react-flow__node, .react-flow__edge');
      if (!item) return;
      const shift = revealShift(item.getBoundingClientRect(), domNode.getBoundingClientRect());
      if (!shift) return;
      const { x, y, zoom } = flow.getViewport();
      void flow.setViewport({ x: x + shift.dx, y: y + shift.dy, zoom });
    };
    el.addEventListener('keydown', onKeyDown);
    el.addEventListener('focusin', onFocusIn);
    return () => {
      el.removeEventListener('keydown', onKeyDown);
      el.removeEventListener('focusin', onFocusIn);
    };
  }, [container, flow, domNode, fitViewOptions]);
  return null;
}
