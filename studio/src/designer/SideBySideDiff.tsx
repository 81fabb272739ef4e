import { useMemo, useState } from 'react';
import { sideBySide, type DiffCell, type DiffLineRow } from './lineDiff';

interface Props {
  before: string;
  after: string;
  beforeTitle: string;
  afterTitle: string;
}

/**
 * Two texts side by side with their differences marked (removed lines on the left, added on the right, with − and + as
 * well as colour) and the unchanged runs between changes folded behind a button. One table, so a removed line and the
 * line that replaced it stay on one row however long either wraps.
 */
export function SideBySideDiff({ before, after, beforeTitle, afterTitle }: Props) {
  const diff = useMemo(() => sideBySide(before, after), [before, after]);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const unfold = (id: number) => setOpen((o) => new Set(o).add(id));
  return (
    <div className="diff" data-testid="json-diff">
      <p className="small" data-testid="diff-counts">
        {diff.removed === 0 && diff.added === 0
          ? 'The texts are the same.'
          : `${diff.removed} line${diff.removed === 1 ? '' : 's'} removed, ${diff.added} added (unchanged lines folded).`}
      </p>
      <table className="diff-table">
        <thead>
          <tr>
            <th scope="col">{beforeTitle}</th>
            <th scope="col">{afterTitle}</th>
          </tr>
        </thead>
        <tbody>
          {diff.rows.map((row) =>
            row.type === 'fold' && !open.has(row.id) ? (
              <tr key={`fold-${row.id}`} className="diff-fold">
                <td colSpan={2}>
                  <button type="button" className="diff-unfold" onClick={() => unfold(row.id)} data-testid="diff-unfold">
                    Show {row.rows.length} unchanged lines
                  </button>
                </td>
              </tr>
            ) : row.type === 'fold' ? (
              row.rows.map((r) => <Row key={`l-${r.left?.n}`} row={r} />)
            ) : (
              <Row key={`${row.left?.n ?? '-'}:${row.right?.n ?? '-'}`} row={row} />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function Row({ row }: { row: DiffLineRow }) {
  return (
    <tr>
      <Cell cell={row.left} />
      <Cell cell={row.right} />
    </tr>
  );
}

function Cell({ cell }: { cell: DiffCell | null }) {
  if (!cell) return <td className="diff-cell diff-none" />;
  const mark = cell.kind === 'del' ? '−' : cell.kind === 'ins' ? '+' : ' ';
  const text = cell.kind === 'del' ? <del>{cell.text}</del> : cell.kind === 'ins' ? <ins>{cell.text}</ins> : cell.text;
  return (
    <td className={`diff-cell diff-${cell.kind}`} data-kind={cell.kind}>
      <div className="diff-line">
        <span className="diff-no" aria-hidden="true">{cell.n}</span>
        <span className="diff-mark" aria-hidden="true">{mark}</span>
        <span className="diff-text">{text}</span>
      </div>
    </td>
  );
}
