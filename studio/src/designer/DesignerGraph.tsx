import {
  Background, Controls, getSmoothStepPath, Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, useReactFlow, useUpdateNodeInternals,
  type Connection, type Edge, type EdgeChange, type Node, type NodeChange, type NodeProps,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ActivityDescriptor, DefinitionDocument, ValidationError } from '../api/types';
import { CANVAS_KEYS_HELP, CanvasKeyboard } from '../components/CanvasKeyboard';
import { useMeasuredNodes } from '../components/measuredNodes';
import { NODE_HEIGHT, NODE_WIDTH } from '../lib/graph';
import { stepOutcomes } from './model';
import { coveredWireLabels, outcomeLabelRows, wireLabels } from './outcomeLabels';
import type { Position as XY } from './state';
import { stepUnder, wireDroppedOnStep, type ConnectionEnd } from './wireDrop';

/** The drag payload type of a palette item (an activity type name). */
export const ACTIVITY_MIME = 'application/x-loanjourney-activity';

interface EditNodeData extends Record<string, unknown> {
  stepId: string;
  title: string;
  activity: string;
  known: boolean;
  isStart: boolean;
  outcomes: string[];
  errors: ValidationError[];
  selected: boolean;
  onSelect: (id: string) => void;
}

const EditStepNode = memo(function EditStepNode({ id, data }: NodeProps<Node<EditNodeData>>) {
  const errorCount = data.errors.length;
  // The step keeps its measured size and handle positions across renders (useMeasuredNodes), so React Flow does not
  // look for its handles again by itself: when its outcomes change (another activity, an outcome wired by name), it
  // is told to, or a wire from a new outcome could not be drawn.
  const updateNodeInternals = useUpdateNodeInternals();
  const outcomeKey = data.outcomes.join('\n');
  const rows = useMemo(() => outcomeLabelRows(outcomeKey ? outcomeKey.split('\n') : []), [outcomeKey]);
  const seenOutcomes = useRef(outcomeKey);
  useEffect(() => {
    if (seenOutcomes.current === outcomeKey) return;
    seenOutcomes.current = outcomeKey;
    updateNodeInternals(id);
  }, [id, outcomeKey, updateNodeInternals]);
  return (
    <>
      <Handle type="target" position={Position.Top} id="in" />
      <button
        type="button"
        className={`step-node edit-node${data.selected ? ' selected' : ''}${errorCount ? ' has-errors' : ''}`}
        style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
        data-testid="step-node"
        data-step-id={data.stepId}
        data-errors={errorCount}
        aria-pressed={data.selected}
        // The whole title on hover (the node cuts a long one with an ellipsis; the step panel's heading has it whole), then
        // the step's errors.
        title={[data.title, ...data.errors.map((e) => e.message)].join('\n')}
        onClick={() => data.onSelect(data.stepId)}
      >
        <span className="step-title">{data.title}</span>
        <span className="step-activity">{data.activity}</span>
        <span className="step-badges">
          {data.isStart && <span className="sbadge">start</span>}
          {!data.known && <span className="sbadge sbadge-error">unknown activity</span>}
          {errorCount > 0 && <span className="sbadge sbadge-error" data-testid="step-error-count">{errorCount} error{errorCount > 1 ? 's' : ''}</span>}
        </span>
      </button>
      {data.outcomes.map((o, i) => {
        const left = `${((i + 1) / (data.outcomes.length + 1)) * 100}%`;
        return (
          <Handle key={o} type="source" position={Position.Bottom} id={o} style={{ left }} className="outcome-handle" data-testid="outcome-handle" data-outcome={o} title={`Drag to wire outcome ${o}`}>
            <span className="outcome-label" aria-hidden="true" data-row={rows[i]} style={{ top: 12 + rows[i] * LABEL_ROW }}>{o}</span>
          </Handle>
        );
      })}
    </>
  );
});

const nodeTypes = { editStep: EditStepNode };

/** The height of one row of outcome labels under a step, px (outcomeLabels.ts keeps labels of one row apart). */
const LABEL_ROW = 13;

interface GraphProps {
  doc: DefinitionDocument;
  positions: Record<string, XY>;
  activities: Map<string, ActivityDescriptor>;
  errors: Map<string, ValidationError[]>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Live positions while a step is dragged (drawn only). */
  onMove: (id: string, p: XY) => void;
  /** Where the dragged steps were left (written into the document's layout). */
  onMoveEnd: (positions: Record<string, XY>) => void;
  onConnect: (source: string, outcome: string, target: string) => void;
  /**
   * Delete (or Backspace) on the canvas: the selected steps and wires, with the wires into those steps, as one edit
   * (one undo entry; separate callbacks per wire and step each edited the same stale document).
   */
  onDelete: (steps: string[], wires: { source: string; outcome: string; target: string }[]) => void;
  onDropActivity: (activity: string, p: XY) => void;
  /** A step to bring to the middle of the canvas at the same zoom (the problems list); a new object each time. */
  reveal?: { id: string } | null;
  /** A step to bring into view (to the middle, at the same zoom) only if it is not wholly inside the canvas (a step just added); a new object each time. */
  show?: { id: string } | null;
  /** Fit the whole flowchart into the canvas (after *Tidy layout*, which can move steps out of view); a new object each time. */
  fit?: object | null;
  /** Nothing can be moved, wired, removed or dropped (the JSON view holds text the document's would replace); steps can still be selected. */
  readOnly?: boolean;
}

function Graph(props: GraphProps) {
  const { doc, positions, activities, errors, selected, onSelect, onMove, onMoveEnd, onConnect, onDelete, onDropActivity, reveal, show, fit, readOnly = false } = props;
  const flow = useReactFlow();
  const positionsRef = useRef(positions);
  positionsRef.current = positions;
  const canvas = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const p = reveal ? positionsRef.current[reveal.id] : undefined;
    if (p) void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: flow.getZoom() });
  }, [reveal, flow]);
  useEffect(() => {
    const p = show ? positionsRef.current[show.id] : undefined;
    const box = canvas.current?.getBoundingClientRect();
    if (!p || !box) return;
    const topLeft = flow.flowToScreenPosition({ x: p.x, y: p.y });
    const bottomRight = flow.flowToScreenPosition({ x: p.x + NODE_WIDTH, y: p.y + NODE_HEIGHT });
    const inside = topLeft.x >= box.left && topLeft.y >= box.top && bottomRight.x <= box.right && bottomRight.y <= box.bottom;
    if (!inside) void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: flow.getZoom() });
  }, [show, flow]);
  // After *Tidy layout* the view fits the new arrangement (session 46's walk: it kept the old view, and part of the tidied
  // flowchart lay off the canvas). The positions arrive in the same render, so React Flow has them when this runs.
  useEffect(() => {
    if (fit) void flow.fitView(FIT_VIEW);
  }, [fit, flow]);
  // The view is fitted once, on opening, and only to steps there are: fitted on an empty canvas, React Flow waited for
  // the first step and fitted to it, so the first step dropped from the palette jumped from the pointer to the middle.
  const [fitOnOpen] = useState(() => doc.steps.length > 0);
  const { withMeasured, onNodesChange: onMeasured } = useMeasuredNodes();
  // Which wires are selected (clicked, or Enter on a focused one): the canvas's own state, not the document's. The
  // edges are controlled, so without this React Flow's selection of a wire was dropped and Delete found none to remove.
  const [wireSelection, setWireSelection] = useState<ReadonlySet<string>>(() => new Set());
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setWireSelection((current) => {
    const next = new Set(current);
    for (const c of changes) {
      if (c.type === 'select' && c.selected) next.add(c.id);
      else if (c.type === 'select' || c.type === 'remove') next.delete(c.id);
    }
    return next.size === current.size && [...next].every((id) => current.has(id)) ? current : next;
  }), []);
  // Each step with the size React Flow measured for it: without it, every rebuild of these objects (a validation
  // answer, a selection, a drag step) made React Flow measure every step again and unmount every wire meanwhile.
  const nodes = useMemo<Node<EditNodeData>[]>(() => withMeasured(doc.steps.map((s, i) => {
    const act = activities.get(s.activity);
    return {
      id: s.id,
      type: 'editStep',
      position: positions[s.id] ?? { x: 40 + (i % 3) * (NODE_WIDTH + 60), y: 40 + Math.floor(i / 3) * (NODE_HEIGHT + 90) },
      selected: selected === s.id,
      data: {
        stepId: s.id, title: s.title || s.id, activity: s.activity, known: act !== undefined, isStart: doc.start === s.id,
        outcomes: stepOutcomes(s, act), errors: errors.get(s.id) ?? [], selected: selected === s.id, onSelect,
      },
    };
  })), [doc, positions, activities, errors, selected, onSelect, withMeasured]);

  const edges = useMemo<Edge[]>(() => {
    const ids = new Set(doc.steps.map((s) => s.id));
    const labels = wireLabels(doc);
    const byId = new Map(doc.steps.map((s) => [s.id, s]));
    const covered = coveredWireLabels(doc, positions, (id) => stepOutcomes(byId.get(id)!, activities.get(byId.get(id)!.activity)), labels, LABEL_ROW, NODE_HEIGHT,
      (p) => getSmoothStepPath({ ...p, sourcePosition: Position.Bottom, targetPosition: Position.Top }));
    return doc.steps.flatMap((s) => Object.entries(s.next ?? {}).filter(([, t]) => ids.has(t)).map(([outcome, target]) => ({
      id: `${s.id}:${outcome}`, source: s.id, sourceHandle: outcome, target, targetHandle: 'in',
      label: covered.has(`${s.id}:${outcome}`) ? undefined : labels.get(`${s.id}:${outcome}`), type: 'smoothstep',
      ariaLabel: `Wire ${s.id} ${outcome} to ${target}`,
      className: 'edge-plain', selected: wireSelection.has(`${s.id}:${outcome}`), markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 }, deletable: true,
      labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3,
    })));
  }, [doc, positions, activities, wireSelection]);

  const onNodesChange = useCallback((changes: NodeChange<Node<EditNodeData>>[]) => {
    onMeasured(changes);
    for (const c of changes) {
      if (c.type === 'position' && c.position) onMove(c.id, c.position);
      else if (c.type === 'select' && c.selected) onSelect(c.id);
    }
  }, [onMove, onSelect, onMeasured]);

  const connect = useCallback((c: Connection) => {
    if (c.source && c.target && c.sourceHandle && c.source !== c.target) onConnect(c.source, c.sourceHandle, c.target);
  }, [onConnect]);
  // A wire released on a step's body, away from its input handle, is wired to that step too (wireDrop.ts).
  const connectEnd = useCallback((event: MouseEvent | TouchEvent, end: ConnectionEnd) => {
    const wire = wireDroppedOnStep(end, stepUnder(event));
    if (wire) onConnect(wire.source, wire.outcome, wire.target);
  }, [onConnect]);

  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes(ACTIVITY_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  };
  const onDrop = (e: DragEvent) => {
    const activity = e.dataTransfer.getData(ACTIVITY_MIME);
    if (!activity || readOnly) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    onDropActivity(activity, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 });
  };

  // The canvas is a tab stop of its own (before its steps) whose keys pan, zoom and fit: see CanvasKeyboard.
  const keysId = useId();
  return (
    <div className="flowchart designer-canvas" role="group" aria-label="Flowchart editor: drop activities here, drag from an outcome handle to a step to wire it; Delete removes the selected step or wire" data-testid="designer-canvas" onDragOver={onDragOver} onDrop={onDrop}
      ref={canvas} tabIndex={0} aria-describedby={keysId}>
      <p id={keysId} className="canvas-keys" data-testid="canvas-keys"><span>{CANVAS_KEYS_HELP}</span></p>
      <ReactFlow
        nodes={nodes}
        // The attribution away from the zoom and fit buttons (bottom right): its 24 px target (styles.css) would cover them.
        attributionPosition="bottom-left"
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={(_e, _node, moved) => onMoveEnd(Object.fromEntries(moved.map((n) => [n.id, n.position])))}
        onConnect={connect}
        onConnectEnd={connectEnd}
        onEdgesChange={onEdgesChange}
        onDelete={({ nodes: ns, edges: es }) => onDelete(ns.map((n) => n.id), es.flatMap((e) => (e.sourceHandle ? [{ source: e.source, outcome: e.sourceHandle, target: e.target }] : [])))}
        onPaneClick={() => onSelect(null)}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        fitView={fitOnOpen}
        fitViewOptions={FIT_VIEW}
        minZoom={0.2}
        maxZoom={1.5}
        nodesFocusable={false}
        edgesFocusable
        zoomOnScroll={false}
        preventScrolling={false}
        connectionRadius={40}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} position="bottom-right" />
        <CanvasKeyboard container={canvas} fitViewOptions={FIT_VIEW} />
      </ReactFlow>
    </div>
  );
}

const FIT_VIEW = { padding: 0.15, maxZoom: 1 };

export function DesignerGraph(props: GraphProps) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}
