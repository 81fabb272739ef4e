import { api } from '../../api/client';
import { formatTime } from '../../lib/format';
import { useAsync } from '../../lib/hooks';
import { href } from '../../lib/router';
import { Loading, ProblemAlert } from '../common';
import { TableScroll } from '../TableScroll';

/**
 * The workflow's published versions, newest first: who published each, when, and the reason given at publish (as the
 * audit trail keeps it, personal data masked), with links to show a version and to compare it with the one before.
 * `shown` is the version on screen; `refresh` changes when the versions may have changed (a new one shown).
 */
export function VersionList({ id, shown, refresh }: { id: string; shown: number; refresh: string }) {
  const versions = useAsync(() => api.listVersions(id), [id, refresh]);
  const path = `/definitions/${encodeURIComponent(id)}`;
  const current = versions.data?.find((v) => v.version === shown);
  return (
    <details className="json-details" data-testid="version-list">
      <summary>
        Published versions{versions.data ? ` (${versions.data.length})` : ''}
        {current && <span data-testid="version-shown"> · v{current.version} published by {current.publishedBy} at {formatTime(current.publishedAt)}{current.reason ? `: ${current.reason}` : ''}</span>}
      </summary>
      <ProblemAlert error={versions.error} />
      {versions.loading && !versions.data && <Loading />}
      {versions.data && (
        // Its own scroll box (walk 49: at 390 px the table widened the whole page, the reasons cut at the window's edge).
        <TableScroll label="Published versions" testId="version-table">
          <table className="table table-compact">
            <thead><tr><th scope="col">Version</th><th scope="col">Published by</th><th scope="col">When</th><th scope="col">Reason</th><th scope="col"><span className="sr-only">Compare</span></th></tr></thead>
            <tbody>
              {[...versions.data].reverse().map((v, i, all) => (
                <tr key={v.version} data-testid="version-row" data-version={v.version} aria-current={v.version === shown ? 'true' : undefined}>
                  <td><a href={href(path, { version: String(v.version) })}>v{v.version}</a></td>
                  <td data-testid="version-by">{v.publishedBy}</td>
                  <td>{formatTime(v.publishedAt)}</td>
                  <td data-testid="version-reason">{v.reason ?? <span className="muted">no reason recorded</span>}</td>
                  <td>{all[i + 1] && <a href={href(`${path}/compare`, { from: String(all[i + 1].version), to: String(v.version) })} data-testid="version-compare">Compare with v{all[i + 1].version}</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </details>
  );
}
