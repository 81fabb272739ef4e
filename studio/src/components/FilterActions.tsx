/** The end of a filters form: apply what was typed, and Reset when any filter is set. */
export function FilterActions({ active, onReset }: { active: boolean; onReset: () => void }) {
  return (
    <div className="filter-actions">
      <button type="submit" className="btn btn-primary">Apply filters</button>
      {active && <button type="button" className="btn btn-ghost" onClick={onReset}>Reset</button>}
    </div>
  );
}
