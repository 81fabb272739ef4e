import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { ValidationError } from '../api/types';

/** One validation error placed in the JSON text: `offset`/`length` in characters of the text it was computed against. */
export interface JsonMarker {
  offset: number;
  length: number;
  message: string;
  error: ValidationError;
}

/** A scalar value longer than this is not marked with its key (the key alone says where). */
const SHORT_VALUE = 60;

/**
 * Where each validation error is in the JSON view's text (docs/studio.md "Designer", *Errors in the JSON view*).
 * `stepId` null: `field` is a path from the document's root (`start`, `steps[2].next`, `input[1].name`). Otherwise the
 * step object whose `id` is `stepId` in `steps`, then `field` inside it (`activity`, `next.Timeout`, `inputs.x`,
 * `compensation.inputs.x`, `retry.maxAttempts`); `layout.<id>.x` is the document's top-level `layout`.
 * When the exact node does not exist (a missing required input), the deepest ancestor that does is marked; the step
 * itself is marked on its `id` property. A property is marked on its key, with its value when that is a short scalar,
 * never a whole multi-line object. Text that does not parse gives no markers: the positions would be guesses.
 */
export function markersFor(text: string, errors: readonly ValidationError[] | undefined): JsonMarker[] {
  if (!errors?.length) return [];
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { disallowComments: true, allowTrailingComma: false });
  if (!root || parseErrors.length || root.type !== 'object') return [];
  const markers: JsonMarker[] = [];
  for (const error of errors) {
    const node = nodeFor(root, error);
    if (!node) continue;
    const [offset, length] = rangeOf(node);
    markers.push({ offset, length, message: `${error.message} (${error.code})`, error });
  }
  return markers;
}

/** `a.b[2].c`, `/a/b/2/c`, `$.a.b` → `['a', 'b', '2', 'c']`. */
export function pathSegments(field: string | null | undefined): string[] {
  const f = (field ?? '').trim().replace(/^\$\.?/, '').replace(/^\//, '').replace(/\//g, '.').replace(/\[([^\]]*)\]/g, '.$1');
  return f.split('.').filter((s) => s.length > 0);
}

function nodeFor(root: Node, error: ValidationError): Node | undefined {
  let path = pathSegments(error.field);
  if (error.stepId === null || error.stepId === undefined || path[0] === 'layout') return walk(root, path);
  const steps = findNodeAtLocation(root, ['steps']);
  const step = steps?.type === 'array'
    ? steps.children?.find((s) => s.type === 'object' && findNodeAtLocation(s, ['id'])?.value === error.stepId)
    : undefined;
  if (!step) return steps?.parent ?? undefined; // a step that is not there: the `steps` property
  if (path[0] === 'steps' && path.length >= 2) path = path.slice(2); // a field given from the root: `steps[3].next.X`
  return walk(step, path);
}

/** The node at `path` below `from`, or the deepest one that exists (a property node where it was reached by a key). */
function walk(from: Node, path: string[]): Node {
  let at: Node = from;
  for (const seg of path) {
    const value = at.type === 'property' ? at.children?.[1] : at;
    if (!value) break;
    let child: Node | undefined;
    if (value.type === 'object') {
      const props = value.children ?? [];
      child = props.find((p) => p.children?.[0]?.value === seg)
        ?? props.find((p) => typeof p.children?.[0]?.value === 'string' && (p.children[0].value as string).toLowerCase() === seg.toLowerCase());
    } else if (value.type === 'array' && /^\d+$/.test(seg)) {
      child = value.children?.[Number(seg)];
    }
    if (!child) break;
    at = child;
  }
  return at;
}

/** The characters to mark for a node (see `markersFor`). */
function rangeOf(node: Node): [number, number] {
  if (node.type === 'property') {
    const key = node.children?.[0];
    const value = node.children?.[1];
    if (!key) return [node.offset, node.length];
    if (value && isScalar(value) && value.length <= SHORT_VALUE) return [key.offset, value.offset + value.length - key.offset];
    return [key.offset, key.length];
  }
  if (isScalar(node)) return [node.offset, Math.min(node.length, Math.max(SHORT_VALUE, 1))];
  // An object or array reached without a key (the root, a step, an array item): its `id` when it has one, else its bracket.
  if (node.type === 'object') {
    const id = node.children?.find((p) => p.children?.[0]?.value === 'id');
    if (id) return rangeOf(id);
  }
  return [node.offset, 1];
}

function isScalar(node: Node): boolean {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null';
}
