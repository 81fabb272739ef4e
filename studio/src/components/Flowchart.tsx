import { Background, BaseEdge, Controls, getSmoothStepPath, Handle, MarkerType, Position, ReactFlow, useReactFlow, useStore, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { WorkflowDefinitionView } from '../api/types';
import { formatDuration } from '../lib/format';
import { layoutDefinition, layoutSize, NODE_HEIGHT, NODE_WIDTH, type Layout } from '../lib/graph';
import { downWirePoints, placeWireLabels, pointAlong } from '../lib/wireLabels';
import { describeRun } from '../lib/stepRuns';
import { edgeKey, NODE_STATE_LABEL, type JourneyGraphState, type NodeState, type StepView } from '../lib/stepStates';
import { CANVAS_KEYS_HELP, CanvasKeyboard } from './CanvasKeyboard';
import { useMeasuredNodes } from './measuredNodes';

export interface StepNodeData extends Record<string, unknown> {
  stepId: string;
  title: string;
  activity: string;
  isStart: boolean;
  isWait: boolean;
  view?: StepView;
  selected: boolean;
  onSelect?: (stepId: string) => void;
}

/** The runs badge's tooltip: each run's time and how it ended, oldest first. */
function runsTitle(view: StepView): string {
  if (view.runs.length === 0) return `Ran ${view.executions} times; the time is the latest run's`;
  return [`Ran ${view.runs.length} times; the time is the latest run's:`, ...view.runs.map((r, i) => `${i + 1}. ${describeRun(r)}`)].join('\n');
}

/** A node mouse handler that does nothing, for React Flow to leave the node the pointer (see Flowchart). */
const keepPointer = () => undefined;

export function StepNodeBody({ data }: { data: StepNodeData }) {
  const state: NodeState | 'definition' = data.view?.state ?? 'definition';
  const label = data.view ? `${data.title}: ${NODE_STATE_LABEL[data.view.state]}` : `${data.title} (${data.activity})`;
  const content = (
    <>
      <span className="step-title">{data.title}</span>
      <span className="step-activity">{data.activity}</span>
      <span className="step-badges">
        {data.view && <span className="sbadge sbadge-state">{NODE_STATE_LABEL[data.view.state]}</span>}
        {/* A step run more than once (an operator's retry, a go-to-step, a loop) says so, and its time is the latest run's;
            each run is listed in the tooltip and under the flowchart once the step is selected (walk 50, docs/studio.md). */}
        {data.view && data.view.executions > 1 && <span className="sbadge" data-testid="step-runs" title={runsTitle(data.view)}>{data.view.executions} runs</span>}
        {data.view?.durationMs !== null && data.view?.durationMs !== undefined && (
          <span className="sbadge" data-testid="step-duration" title={data.view.executions > 1 ? 'Time in step, latest run' : 'Time in step'}>{formatDuration(data.view.durationMs)}</span>
        )}
        {data.view && data.view.attempts > 1 && <span className="sbadge" title="Attempts of the latest run">{data.view.attempts} attempts</span>}
        {!data.view && data.isWait && <span className="sbadge">waits</span>}
        {data.isStart && <span className="sbadge">start</span>}
      </span>
    </>
  );
  const common = {
    className: `step-node state-${state}${data.selected ? ' selected' : ''}`,
    'data-testid': 'step-node',
    'data-step-id': data.stepId,
    'data-state': state,
    // Nodes keep one size (the saved layouts, ELK and the wire labels are placed for it), so a long title ends in an
    // ellipsis: the whole title shows on hover, and under the flowchart once the step is selected (docs/studio.md).
    title: data.title,
    style: { width: NODE_WIDTH, height: NODE_HEIGHT },
  };
  return data.onSelect ? (
    // Named by its visible text (title, activity, state badges): an aria-label would hide part of what is shown
    // (WCAG 2.5.3, axe's label-content-name-mismatch).
    <button type="button" {...common} aria-pressed={data.selected} onClick={() => data.onSelect?.(data.stepId)}>{content}</button>
  ) : (
    <div {...common} role="img" aria-label={label}>{content}</div>
  );
}

const StepNode = memo(function StepNode({ data }: NodeProps<Node<StepNodeData>>) {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <StepNodeBody data={data} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
});

const nodeTypes = { step: StepNode };

interface WireData extends Record<string, unknown> {
  /** How far along the wire its label sits (lib/wireLabels.ts), when React Flow's spot is taken by another label or a step. */
  labelAlong?: number;
}

/** React Flow's smooth-step wire, with its label moved along the wire where placeWireLabels says so. */
const PlacedLabelWire = memo(function PlacedLabelWire(props: EdgeProps<Edge<WireData>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const [path, defaultX, defaultY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const points = data?.labelAlong === undefined ? null : downWirePoints({ x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  const at = points && data?.labelAlong !== undefined ? pointAlong(points, data.labelAlong) : { x: defaultX, y: defaultY };
  return (
    <BaseEdge path={path} labelX={at.x} labelY={at.y} label={props.label} labelStyle={props.labelStyle} labelShowBg={props.labelShowBg}
      labelBgStyle={props.labelBgStyle} labelBgPadding={props.labelBgPadding} labelBgBorderRadius={props.labelBgBorderRadius}
      style={props.style} markerEnd={props.markerEnd} markerStart={props.markerStart} interactionWidth={props.interactionWidth} />
  );
});

const edgeTypes = { placedLabel: PlacedLabelWire };

export function StateLegend() {
  const states: NodeState[] = ['done', 'current', 'waiting', 'failed', 'skipped', 'cancelled', 'not-reached'];
  return (
    <ul className="legend" aria-label="Step state legend">
      {states.map((s) => (
        <li key={s}><span className={`legend-swatch state-${s}`} aria-hidden="true" />{NODE_STATE_LABEL[s]}</li>
      ))}
    </ul>
  );
}

interface FlowchartProps {
  def: WorkflowDefinitionView;
  graph?: JourneyGraphState;
  selectedStep?: string | null;
  onSelectStep?: (stepId: string) => void;
  ariaLabel: string;
}

export function Flowchart({ def, graph, selectedStep, onSelectStep, ariaLabel }: FlowchartProps) {
  const [layout, setLayout] = useState<{ key: string; layout: Layout } | null>(null);
  const defKey = `${def.id}@${def.version}`;
  useEffect(() => {
    let alive = true;
    layoutDefinition(def).then((l) => alive && setLayout({ key: defKey, layout: l }));
    return () => {
      alive = false;
    };
  }, [def, defKey]);

  // A layout computed for another definition (version switch in flight) is never combined with this one.
  const current = layout && layout.key === defKey ? layout.layout : null;
  // Each step with the size React Flow measured for it: rebuilt without it on every live update, every step was hidden
  // and every wire unmounted until the next frame (useMeasuredNodes).
  const { withMeasured, onNodesChange } = useMeasuredNodes();
  const nodes = useMemo<Node<StepNodeData>[]>(() => {
    if (!current) return [];
    const steps = new Map(def.steps.map((s) => [s.id, s]));
    return withMeasured(current.nodes.filter((n) => steps.has(n.id)).map((n) => {
      const s = steps.get(n.id)!;
      return {
        id: n.id, type: 'step', position: { x: n.x, y: n.y }, draggable: false, connectable: false, selectable: false,
        data: {
          stepId: n.id, title: s.title || s.id, activity: s.activity, isStart: def.startStep === n.id,
          isWait: def.activities[s.activity]?.isWait ?? false, view: graph?.steps.get(n.id),
          selected: selectedStep === n.id, onSelect: onSelectStep,
        },
      };
    }));
  }, [current, def, graph, selectedStep, onSelectStep, withMeasured]);

  const edges = useMemo<Edge[]>(() => {
    if (!current) return [];
    // Several outcomes into the same step (e.g. Shared and Skipped) are one edge with one label, not stacked labels.
    const groups = new Map<string, { source: string; target: string; outcomes: string[] }>();
    for (const e of current.edges) {
      const key = `${e.source}\u0000${e.target}`;
      const g = groups.get(key) ?? { source: e.source, target: e.target, outcomes: [] };
      g.outcomes.push(e.outcome);
      groups.set(key, g);
    }
    // Labels of different steps kept off each other and off the steps (lib/wireLabels.ts), from the laid-out positions:
    // each step's handles are the middle of its bottom and top edges.
    const at = new Map(current.nodes.map((n) => [n.id, n]));
    const wires = [...groups.values()].flatMap((e) => {
      const from = at.get(e.source);
      const to = at.get(e.target);
      return from && to ? [{
        id: `${e.source}:${e.outcomes.join('|')}`, label: e.outcomes.join(' / '),
        source: { x: from.x + NODE_WIDTH / 2, y: from.y + NODE_HEIGHT }, target: { x: to.x + NODE_WIDTH / 2, y: to.y },
      }] : [];
    });
    const along = placeWireLabels(wires, current.nodes);
    return [...groups.values()].map((e): Edge<WireData> => {
      const taken = graph !== undefined && e.outcomes.some((o) => graph.takenEdges.has(edgeKey(e.source, o)));
      const faded = graph !== undefined && !taken;
      const id = `${e.source}:${e.outcomes.join('|')}`;
      return {
        id, source: e.source, target: e.target, label: e.outcomes.join(' / '), type: 'placedLabel', data: { labelAlong: along.get(id) },
        className: taken ? 'edge-taken' : faded ? 'edge-faded' : 'edge-plain',
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3,
      };
    });
  }, [current, graph]);

  // Tall flowcharts get a tall canvas (the page scrolls) instead of being shrunk to unreadable size.
  const size = current ? layoutSize(current) : null;
  const height = size ? Math.round(Math.min(1500, Math.max(320, size.height * 0.85 + 60))) : 320;
  // The canvas is a tab stop of its own (before its steps) whose keys pan, zoom and fit: see CanvasKeyboard.
  const canvas = useRef<HTMLDivElement>(null);
  const keysId = useId();
  return (
    <div className="flowchart" role="group" aria-label={ariaLabel} data-testid="flowchart" style={{ height }} ref={canvas}
      tabIndex={current ? 0 : undefined} aria-describedby={current ? keysId : undefined}>
      {current && <p id={keysId} className="canvas-keys" data-testid="canvas-keys"><span>{CANVAS_KEYS_HELP}</span></p>}
      {!current ? (
        <div className="loading">Laying out the flowchart…</div>
      ) : (
        <ReactFlow
          key={defKey}
          // The attribution away from the zoom and fit buttons (bottom right): its 24 px target (styles.css) would cover them.
          attributionPosition="bottom-left"
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          fitView
          fitViewOptions={FIT_VIEW}
          minZoom={0.2}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          // React Flow gives a node `pointer-events: none` unless it is selectable, draggable or has a click or mouse
          // handler: a step (a button that selects itself) could not be clicked nor hovered for its title, only reached by
          // Tab (session 45). A mouse handler that does nothing gives the node the pointer back; the button's own click selects.
          onNodeMouseEnter={keepPointer}
          zoomOnScroll={false}
          preventScrolling={false}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} position="bottom-right" />
          <RefitOnResize />
          <CanvasKeyboard container={canvas} fitViewOptions={FIT_VIEW} />
        </ReactFlow>
      )}
    </div>
  );
}

const FIT_VIEW = { padding: 0.08, maxZoom: 0.9 };

/**
 * The graph fits its box again when the box changes width (a window resized, a panel folded): it was fitted once, so
 * a journey opened in a small window stayed tiny in a corner of a wide one. Debounced, so a drag refits once.
 */
function RefitOnResize() {
  const { fitView } = useReactFlow();
  const width = useStore((s) => s.width);
  const fitted = useRef<number | null>(null);
  useEffect(() => {
    if (width <= 0) return;
    if (fitted.current === null) {
      fitted.current = width;
      return;
    }
    if (fitted.current === width) return;
    const timer = setTimeout(() => {
      fitted.current = width;
      void fitView(FIT_VIEW);
    }, 120);
    return () => clearTimeout(timer);
  }, [width, fitView]);
  return null;
}
