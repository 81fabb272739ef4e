import { act, fireEvent, render, screen } from '@testing-library/react';
import { ReactFlow, type Node } from '@xyflow/react';
import { useRef } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CANVAS_KEYS_HELP, canvasKeyAction, CanvasKeyboard, PAN_STEP, revealShift } from '../src/components/CanvasKeyboard';
import { Flowchart } from '../src/components/Flowchart';
import { DesignerGraph } from '../src/designer/DesignerGraph';
import { addStep, emptyDefinition } from '../src/designer/model';
import { personalLoan } from './fixtures';

// ELK runs in a web worker, which jsdom lacks: the flowchart is laid out by the fallback (a column per depth).
vi.mock('../src/lib/graph', async (orig) => {
  const real = await orig<typeof import('../src/lib/graph')>();
  return { ...real, layoutDefinition: async (def: Parameters<typeof real.fallbackLayout>[0]) => real.fallbackLayout(def) };
});

const key = (k: string, extra: Partial<KeyboardEvent> = {}, target: EventTarget | null = null) =>
  canvasKeyAction({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target, ...extra });

describe('canvasKeyAction: the keys of a focused flowchart', () => {
  it('ArrowsMoveTheViewLikeScrolling_ShiftFarther', () => {
    expect(key('ArrowDown')).toEqual({ kind: 'pan', dx: 0, dy: -PAN_STEP }); // what is below comes up
    expect(key('ArrowUp')).toEqual({ kind: 'pan', dx: 0, dy: PAN_STEP });
    expect(key('ArrowRight')).toEqual({ kind: 'pan', dx: -PAN_STEP, dy: 0 });
    expect(key('ArrowLeft')).toEqual({ kind: 'pan', dx: PAN_STEP, dy: 0 });
    expect(key('ArrowDown', { shiftKey: true })).toEqual({ kind: 'pan', dx: 0, dy: -4 * PAN_STEP });
  });

  it('PlusAndMinusZoom_ZeroAndFFit_WithOrWithoutShift', () => {
    expect(key('+', { shiftKey: true })).toEqual({ kind: 'zoom', direction: 1 });
    expect(key('=')).toEqual({ kind: 'zoom', direction: 1 });
    expect(key('-')).toEqual({ kind: 'zoom', direction: -1 });
    expect(key('0')).toEqual({ kind: 'fit' });
    expect(key('f')).toEqual({ kind: 'fit' });
    expect(key('F', { shiftKey: true })).toEqual({ kind: 'fit' });
  });

  it('LeavesTheDesignersAndTheBrowsersKeysAlone', () => {
    // Ctrl+Z / ⌘Z / Ctrl+Y (undo), Ctrl+- (page zoom), AltGr (Ctrl+Alt), Delete, Enter, Space and Escape on a step.
    for (const extra of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }, { ctrlKey: true, altKey: true }]) {
      expect(key('-', extra)).toBeNull();
      expect(key('ArrowDown', extra)).toBeNull();
      expect(key('0', extra)).toBeNull();
    }
    expect(key('z', { ctrlKey: true })).toBeNull();
    for (const k of ['Delete', 'Backspace', 'Enter', ' ', 'Escape', 'Tab', 'z', 'Home']) expect(key(k)).toBeNull();
  });

  it('NeverFiresWhileTyping', () => {
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const monaco = document.createElement('div');
    monaco.className = 'monaco-editor';
    const inMonaco = monaco.appendChild(document.createElement('span'));
    for (const t of [input, area, inMonaco]) {
      expect(key('+', {}, t)).toBeNull();
      expect(key('ArrowLeft', {}, t)).toBeNull();
      expect(key('f', {}, t)).toBeNull();
    }
    const button = document.createElement('button');
    expect(key('f', {}, button)).toEqual({ kind: 'fit' }); // a step is a button: the keys work on it
  });
});

describe('revealShift: a focused step out of view comes to the middle', () => {
  const pane = { left: 100, top: 50, right: 900, bottom: 650 };
  it('NothingMovesForAStepWhollyInView', () => {
    expect(revealShift({ left: 100, top: 50, right: 300, bottom: 110 }, pane)).toBeNull();
  });
  it('AStepOutOfViewOrCutByTheEdgeIsCentred', () => {
    expect(revealShift({ left: 950, top: 700, right: 1150, bottom: 760 }, pane)).toEqual({ dx: 500 - 1050, dy: 350 - 730 });
    expect(revealShift({ left: 800, top: 300, right: 1000, bottom: 360 }, pane)).toEqual({ dx: -400, dy: 20 });
  });
});

// React Flow observes its box's size; jsdom has no ResizeObserver.
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const nodes: Node[] = [{ id: 'a', position: { x: 0, y: 0 }, data: { label: 'A' } }];

function Canvas() {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <div ref={ref} tabIndex={0} data-testid="canvas" aria-describedby="keys" style={{ width: 800, height: 600 }}>
      <p id="keys">{CANVAS_KEYS_HELP}</p>
      <ReactFlow nodes={nodes} edges={[]} minZoom={0.2} maxZoom={1.5} defaultViewport={{ x: 10, y: 20, zoom: 1 }}>
        <CanvasKeyboard container={ref} fitViewOptions={{ padding: 0.1 }} />
      </ReactFlow>
    </div>
  );
}

/** The drawing's translate and scale, read from the style React Flow writes on `.react-flow__viewport`. */
function viewport(container: HTMLElement) {
  const style = container.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
  const m = style.match(/translate\((-?[\d.]+)px, ?(-?[\d.]+)px\) scale\(([\d.]+)\)/);
  if (!m) throw new Error(`no viewport transform in "${style}"`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

describe('CanvasKeyboard on a real React Flow canvas', () => {
  it('ArrowsPanAndPlusMinusZoom_TheKeysOfAFieldOutsideDoNot', async () => {
    const { container } = render(
      <>
        <Canvas />
        <input aria-label="elsewhere" />
      </>,
    );
    const canvas = screen.getByTestId('canvas');
    expect(viewport(container)).toEqual({ x: 10, y: 20, zoom: 1 });

    await act(async () => void fireEvent.keyDown(canvas, { key: 'ArrowDown' }));
    expect(viewport(container)).toEqual({ x: 10, y: 20 - PAN_STEP, zoom: 1 });
    await act(async () => void fireEvent.keyDown(canvas, { key: 'ArrowRight', shiftKey: true }));
    expect(viewport(container)).toEqual({ x: 10 - 4 * PAN_STEP, y: 20 - PAN_STEP, zoom: 1 });

    await act(async () => void fireEvent.keyDown(canvas, { key: '+', shiftKey: true }));
    expect(viewport(container).zoom).toBeGreaterThan(1);
    await act(async () => void fireEvent.keyDown(canvas, { key: '-' }));
    await act(async () => void fireEvent.keyDown(canvas, { key: '-' }));
    expect(viewport(container).zoom).toBeLessThan(1);

    // The page's own fields: their keys never reach the canvas.
    const before = viewport(container);
    await act(async () => void fireEvent.keyDown(screen.getByLabelText('elsewhere'), { key: 'ArrowDown' }));
    await act(async () => void fireEvent.keyDown(screen.getByLabelText('elsewhere'), { key: '+' }));
    expect(viewport(container)).toEqual(before);
    // Ctrl+- is the browser's page zoom, not the canvas's.
    await act(async () => void fireEvent.keyDown(canvas, { key: '-', ctrlKey: true }));
    expect(viewport(container)).toEqual(before);
  });

  it('AnArrowKeyOnTheCanvasDoesNotScrollThePage', () => {
    render(<Canvas />);
    const canvas = screen.getByTestId('canvas');
    expect(fireEvent.keyDown(canvas, { key: 'ArrowDown' })).toBe(false); // default prevented
    expect(fireEvent.keyDown(canvas, { key: 'Tab' })).toBe(true);
  });
});

describe('the Studio flowcharts are a keyboard canvas', () => {
  const described = (el: HTMLElement) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent;

  it('TheJourneyAndDefinitionFlowchart_IsATabStopThatSaysItsKeys_AndPans', async () => {
    // Rendered in an async act, which returns once React has done all the work the render started: the laid-out chart
    // committed and its effects run, among them React Flow's pan/zoom (d3-zoom, made in an effect) and CanvasKeyboard's
    // keydown listener. findAllByTestId('step-node') returned when the steps were in the DOM, before those effects
    // whenever its setTimeout(0) came before the React scheduler's setImmediate (a loaded machine): the key went to a
    // canvas with no listener yet, and the view stayed (CI: y 0, not 60). STUDIO_TEST_SLOW_SCHEDULER reproduces it.
    const { container } = await act(async () => render(<Flowchart def={personalLoan} ariaLabel="Flowchart of FinBox personal loan" />));
    const chart = screen.getByRole('group', { name: 'Flowchart of FinBox personal loan' });
    expect(screen.getAllByTestId('step-node')).toHaveLength(personalLoan.steps.length);
    expect(chart.tabIndex).toBe(0);
    expect(described(chart)).toBe(CANVAS_KEYS_HELP);
    const before = viewport(container);
    await act(async () => void fireEvent.keyDown(chart, { key: 'ArrowUp' }));
    expect(viewport(container)).toEqual({ ...before, y: before.y + PAN_STEP });
  });

  it('TheDesignerCanvas_IsATabStopThatSaysItsKeys_AndZooms', async () => {
    let doc = emptyDefinition('demo', 'Demo');
    doc = addStep(doc, 'Core.End', 'end').doc;
    const { container } = render(
      <DesignerGraph doc={doc} positions={{ end: { x: 0, y: 0 } }} activities={new Map()} errors={new Map()} selected={null}
        onSelect={() => {}} onMove={() => {}} onMoveEnd={() => {}} onConnect={() => {}} onDelete={() => {}} onDropActivity={() => {}} />,
    );
    const canvas = screen.getByTestId('designer-canvas');
    expect(canvas.tabIndex).toBe(0);
    expect(described(canvas)).toBe(CANVAS_KEYS_HELP);
    const before = viewport(container);
    await act(async () => void fireEvent.keyDown(canvas, { key: '-' }));
    expect(viewport(container).zoom).toBeLessThan(before.zoom);
  });
});
