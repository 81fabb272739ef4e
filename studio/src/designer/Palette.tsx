import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ActivityDescriptor } from '../api/types';
import { ACTIVITY_MIME } from './DesignerGraph';

/**
 * The key that moves the focus inside the palette's toolbar, as an index among `count` items from `current`, or null
 * for any other key. ↓ / → the next, ↑ / ← the one before (no wrap), Home the first, End the last.
 */
export function paletteMove(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown': case 'ArrowRight': return Math.min(current + 1, count - 1);
    case 'ArrowUp': case 'ArrowLeft': return Math.max(current - 1, 0);
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return null;
  }
}

/**
 * Activities grouped by category; drag one onto the canvas, or press its button to add it beside the selected (else the
 * last) step. The buttons are one toolbar and one Tab stop (WAI-ARIA toolbar pattern, roving tabindex): the arrow keys,
 * Home and End move among them, Enter or Space adds. Before, each of the ~38 was a Tab stop between the filter and the
 * canvas (session 46's walk).
 */
export function Palette({ activities, onAdd, disabledReason = null }: { activities: ActivityDescriptor[]; onAdd: (activity: string) => void; disabledReason?: string | null }) {
  const [filter, setFilter] = useState('');
  // The activity whose button is the toolbar's Tab stop: the one last moved to or pressed (the first shown when it is filtered out).
  const [current, setCurrent] = useState<string | null>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const map = new Map<string, ActivityDescriptor[]>();
    for (const a of activities) {
      if (f && !`${a.type} ${a.title ?? ''} ${a.description ?? ''}`.toLowerCase().includes(f)) continue;
      const c = a.category || 'General';
      map.set(c, [...(map.get(c) ?? []), a]);
    }
    return [...map.entries()].sort(([a], [b]) => (a === 'Core' ? -1 : b === 'Core' ? 1 : a.localeCompare(b)));
  }, [activities, filter]);
  const shown = useMemo(() => groups.flatMap(([, items]) => items.map((a) => a.type)), [groups]);
  const stop = current !== null && shown.includes(current) ? current : shown[0] ?? null;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const at = stop === null ? -1 : shown.indexOf(stop);
    const next = paletteMove(e.key, at, shown.length);
    if (next === null) return;
    e.preventDefault();
    setCurrent(shown[next]);
    [...(toolbar.current?.querySelectorAll<HTMLButtonElement>("[data-testid='palette-item']") ?? [])].find((b) => b.dataset.activity === shown[next])?.focus();
  };
  return (
    <nav className="card palette" aria-labelledby="palette-h" data-testid="palette">
      <h2 id="palette-h">Activities</h2>
      <p className="small muted" id="palette-help">Drag one onto the flowchart, or press it to add it below the selected step (else the last one). Arrow keys move between them.</p>
      <label className="palette-filter">
        <span className="visually-hidden">Filter activities</span>
        <input type="search" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="palette-filter" />
      </label>
      <div role="toolbar" aria-orientation="vertical" aria-labelledby="palette-h" aria-describedby="palette-help" ref={toolbar} onKeyDown={onKeyDown} data-testid="palette-toolbar">
        {groups.map(([category, items]) => (
          <section key={category} aria-label={category}>
            <h3>{category}</h3>
            <ul className="plain">
              {items.map((a) => (
                <li key={a.type}>
                  <button
                    type="button"
                    className="palette-item"
                    tabIndex={a.type === stop ? 0 : -1}
                    draggable={!disabledReason}
                    disabled={!!disabledReason}
                    title={disabledReason ?? (a.description || a.type)}
                    data-testid="palette-item"
                    data-activity={a.type}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(ACTIVITY_MIME, a.type);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onFocus={() => setCurrent(a.type)}
                    onClick={() => {
                      setCurrent(a.type);
                      onAdd(a.type);
                    }}
                  >
                    <span>{a.title || a.type}</span>
                    <span className="mono small muted">{a.type}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </nav>
  );
}
