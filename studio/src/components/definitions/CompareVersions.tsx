import { useEffect } from 'react';
import { api, ApiError } from '../../api/client';
import type { DefinitionDocument } from '../../api/types';
import { useAsync } from '../../lib/hooks';
import { href, navigate } from '../../lib/router';
import { Loading, ProblemAlert } from '../common';
import { DefinitionComparison } from './DefinitionComparison';

/** A side of the comparison: a published version's number, or the draft. */
export type CompareSide = number | 'draft';

/** `?from=3`, `?to=draft`: a positive whole number or `draft`; anything else is not a side (the default is taken). */
export function parseSide(value: string | null): CompareSide | undefined {
  if (value === 'draft') return value;
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * What the page compares when the URL does not say: the version before the latest against the latest, or the latest
 * against the draft when there is one (what a publish would change). A side the workflow does not have is kept, so
 * the page says it is missing rather than silently showing another version.
 */
export function defaultSides(versions: readonly number[], hasDraft: boolean, from?: CompareSide, to?: CompareSide): { from?: CompareSide; to?: CompareSide } {
  const latest = versions.at(-1);
  const newest: CompareSide | undefined = hasDraft ? 'draft' : latest;
  const t = to ?? newest;
  const before = versions.filter((v) => t === 'draft' || (typeof t === 'number' && v < t)).at(-1);
  return { from: from ?? before ?? versions[0], to: t };
}

const label = (side: CompareSide) => (side === 'draft' ? 'the draft' : `v${side}`);

/**
 * Compare two versions of a workflow, or a version and the draft (`#/definitions/{id}/compare?from=3&to=4`): read-only,
 * every role. The files are read with `GET …/export?version=n` and `GET …/draft`, and compared as the publish dialog
 * compares (`DefinitionComparison`: steps and their changed fields, then the side-by-side line diff).
 */
export function CompareVersions({ id, query }: { id: string; query: URLSearchParams }) {
  const wanted = { from: parseSide(query.get('from')), to: parseSide(query.get('to')) };
  const sides = useAsync(async () => {
    const [versions, draft] = await Promise.all([
      api.getWorkflow(id).then((w) => w.versions, (e: unknown) => {
        // A workflow with only a draft has no published version to read.
        if (e instanceof ApiError && e.status === 404) return [] as number[];
        throw e;
      }),
      api.getDraft(id),
    ]);
    return { versions, draft };
  }, [id]);
  const { from, to } = sides.data ? defaultSides(sides.data.versions, sides.data.draft !== null, wanted.from, wanted.to) : wanted;
  const docs = useAsync<[DefinitionDocument, DefinitionDocument] | null>(async () => {
    if (!sides.data || from === undefined || to === undefined) return null;
    const read = (side: CompareSide): Promise<DefinitionDocument> => {
      if (side !== 'draft') return api.exportDefinition(id, side);
      const draft = sides.data?.draft;
      if (!draft) return Promise.reject(new ApiError({ title: 'No draft', status: 404, detail: `Workflow '${id}' has no draft to compare.`, errors: { to: ['No draft.'] } }));
      return Promise.resolve(draft.definition);
    };
    return Promise.all([read(from), read(to)]);
  }, [id, sides.data, from, to]);

  useEffect(() => {
    document.title = `Compare ${id} · LoanJourney Studio`;
  }, [id]);

  const choose = (which: 'from' | 'to', value: string) => {
    const q = new URLSearchParams();
    const next = { from, to, [which]: parseSide(value) };
    if (next.from !== undefined) q.set('from', String(next.from));
    if (next.to !== undefined) q.set('to', String(next.to));
    navigate(`/definitions/${encodeURIComponent(id)}/compare`, q, { replace: true });
  };

  const options = sides.data ? [...sides.data.versions.map((v) => ({ value: String(v), text: `v${v}` })),
    ...(sides.data.draft ? [{ value: 'draft', text: `draft (revision ${sides.data.draft.revision})` }] : [])] : [];
  return (
    <div className="page" data-testid="compare-page">
      <div className="page-head">
        <h1>Compare versions of {id}</h1>
        <a href={href(`/definitions/${encodeURIComponent(id)}`)} data-testid="compare-back">Back to the definition</a>
      </div>
      <ProblemAlert error={sides.error} />
      {sides.data && (
        <section className="card" aria-label="Versions compared">
          <div className="row-gap">
            {(['from', 'to'] as const).map((which) => (
              <label key={which} className="inline">{which === 'from' ? 'From' : 'To'}
                <select value={String((which === 'from' ? from : to) ?? '')} onChange={(e) => choose(which, e.target.value)} data-testid={`compare-${which}`}>
                  {(which === 'from' ? from : to) === undefined && <option value="">Choose…</option>}
                  {options.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
                </select>
              </label>
            ))}
          </div>
          {options.length < 2 && <p className="muted" data-testid="compare-nothing">{id} has one version and no draft: there is nothing to compare it with.</p>}
          <ProblemAlert error={docs.error} />
          {docs.loading && !docs.data && <Loading />}
          {docs.data && from !== undefined && to !== undefined && (
            <div data-testid="compare-result" data-from={String(from)} data-to={String(to)}>
              <h2>What changed from {label(from)} to {label(to)}</h2>
              <DefinitionComparison before={docs.data[0]} after={docs.data[1]} beforeTitle={label(from)} afterTitle={label(to)} />
            </div>
          )}
        </section>
      )}
      {sides.loading && !sides.data && <Loading />}
    </div>
  );
}
