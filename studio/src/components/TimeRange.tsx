type Change = (e: { target: { value: string } }) => void;

/**
 * A from–to pair of local date-time fields under one legend (the journeys and audit filters). The labels read
 * "{label} from" / "{label} to", or "From" / "To" without a label.
 */
export function TimeRange({ legend, label, from, to, onFrom, onTo }: {
  legend: string; label?: string; from: string; to: string; onFrom: Change; onTo: Change;
}) {
  return (
    <fieldset className="range">
      <legend>{legend}</legend>
      <input type="datetime-local" aria-label={label ? `${label} from` : 'From'} value={from} onChange={onFrom} />
      <span aria-hidden="true">–</span>
      <input type="datetime-local" aria-label={label ? `${label} to` : 'To'} value={to} onChange={onTo} />
    </fieldset>
  );
}
