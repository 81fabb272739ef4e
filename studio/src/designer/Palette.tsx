import { useMemo, useState } from 'react';
import type { ActivityDescriptor } from '../api/types';
import { ACTIVITY_MIME } from './DesignerGraph';

/** Activities grouped by category; drag one onto the canvas, or press its button to add it beside the selected (else the last) step. */
export function Palette({ activities, onAdd, disabledReason = null }: { activities: ActivityDescriptor[]; onAdd: (activity: string) => void; disabledReason?: string | null }) {
  const [filter, setFilter] = useState('');
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
  return (
    <nav className="card palette" aria-labelledby="palette-h" data-testid="palette">
      <h2 id="palette-h">Activities</h2>
      <p className="small muted">Drag one onto the flowchart, or press it to add it below the selected step (else the last one).</p>
      <label className="palette-filter">
        <span className="visually-hidden">Filter activities</span>
        <input type="search" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {groups.map(([category, items]) => (
        <section key={category} aria-label={category}>
          <h3>{category}</h3>
          <ul className="plain">
            {items.map((a) => (
              <li key={a.type}>
                <button
                  type="button"
                  className="palette-item"
                  draggable={!disabledReason}
                  disabled={!!disabledReason}
                  title={disabledReason ?? (a.description || a.type)}
                  data-testid="palette-item"
                  data-activity={a.type}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(ACTIVITY_MIME, a.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => onAdd(a.type)}
                >
                  <span>{a.title || a.type}</span>
                  <span className="mono small muted">{a.type}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
