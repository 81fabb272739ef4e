/** What React Flow reports when a drag from a handle ends (the parts of its `FinalConnectionState` used here). */
export interface ConnectionEnd {
  isValid: boolean | null;
  fromNode: { id: string } | null;
  fromHandle: { id?: string | null; type: string } | null;
}

/**
 * The wire made by an outcome's drag released on a step's body, where React Flow made none. React Flow wires only a
 * release on (or within `connectionRadius` of) the step's input handle, a dot in the middle of its top edge: released
 * on the lower half of a step it found the step's outcome handles closest, refused them (an outcome cannot feed an
 * outcome) and dropped the wire without a word. Released anywhere on another step, the outcome goes there; on the
 * empty canvas, on the step it starts from, or when React Flow already wired it, nothing.
 */
export function wireDroppedOnStep(end: ConnectionEnd, stepUnderPointer: string | null): { source: string; outcome: string; target: string } | null {
  if (end.isValid || !end.fromNode || end.fromHandle?.type !== 'source' || !end.fromHandle.id || !stepUnderPointer) return null;
  if (stepUnderPointer === end.fromNode.id) return null;
  return { source: end.fromNode.id, outcome: end.fromHandle.id, target: stepUnderPointer };
}

/** The id of the step drawn under the point where a pointer or touch was released, or null (the empty canvas, a control). */
export function stepUnder(event: MouseEvent | TouchEvent): string | null {
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (!point) return null;
  const node = document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>('.react-flow__node');
  return node?.dataset.id ?? null;
}
