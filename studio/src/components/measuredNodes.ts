import type { Dimensions, Node, NodeChange } from '@xyflow/react';
import { useCallback, useState } from 'react';

type Sizes = ReadonlyMap<string, Dimensions>;

/**
 * The sizes after React Flow's node changes: the `dimensions` it measured (the same map when none is new, so a
 * component's state does not change for nothing).
 */
export function measuredSizes(sizes: Sizes, changes: readonly NodeChange[]): Sizes {
  let next: Map<string, Dimensions> | null = null;
  for (const c of changes) {
    if (c.type !== 'dimensions' || !c.dimensions) continue;
    const known = (next ?? sizes).get(c.id);
    if (known && known.width === c.dimensions.width && known.height === c.dimensions.height) continue;
    next ??= new Map(sizes);
    next.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
  }
  return next ?? sizes;
}

/** The nodes, each with the size measured for it (`measured`) where there is one. */
export function withMeasured<N extends Node>(nodes: N[], sizes: Sizes): N[] {
  return nodes.map((n) => {
    const size = sizes.get(n.id);
    return size ? { ...n, measured: size } : n;
  });
}

/**
 * For a flowchart whose node objects are derived anew from its data on every change (the designer's document and
 * validation errors, a journey's live step states): the size React Flow measured for each node, to be handed back on
 * those objects (`withMeasured`), fed by the canvas's node changes (`onNodesChange`).
 *
 * A node object without `measured` is, to React Flow, a node to measure: it drops the node's size and the positions of
 * its handles and measures it again in a later frame. Until then no wire into or out of it can be drawn, so React Flow
 * unmounts each of those wires and later mounts a new element for it. Our nodes, rebuilt without `measured` on every
 * validation answer, selection or drag step, did that to every wire each time: a wire with the keyboard focus lost it
 * (the next Enter and Delete went to the page: nothing selected, nothing removed), and until the next frame the canvas
 * had no wires at all (a test, or an operator, saw a wire gone that was still in the document). Both rare on a fast
 * machine, where the next frame comes at once; on a loaded one, frames come late. A node measured before keeps its
 * size and handles; one not measured yet (new, or back after an undo) is measured as before.
 */
export function useMeasuredNodes(): { withMeasured: <N extends Node>(nodes: N[]) => N[]; onNodesChange: (changes: NodeChange[]) => void } {
  const [sizes, setSizes] = useState<Sizes>(() => new Map());
  const onNodesChange = useCallback((changes: NodeChange[]) => setSizes((current) => measuredSizes(current, changes)), []);
  const keep = useCallback(<N extends Node>(nodes: N[]) => withMeasured(nodes, sizes), [sizes]);
  return { withMeasured: keep, onNodesChange };
}
