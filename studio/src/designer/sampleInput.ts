import type { ApiError } from '../api/client';

/**
 * The designer's *Sample input* (docs/studio.md, "Sample input"): the workflow's sample start input, saved with the
 * workflow on the server (checked against the draft's inputs) and used by the test run's empty *Start input* and the start
 * form's *Fill with the sample*.
 */

/** What the server answered for the workflow's sample (`GET …/sample?ifExists=true&for=draft`). */
export interface SampleState {
  loading: boolean;
  data: Record<string, unknown> | null | undefined;
  error: ApiError | null | undefined;
}

/** The text typed as a sample: a JSON object, or why it is not one. */
export function parseSampleText(text: string): { sample: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { error: 'Type the sample first: a JSON object of the start input, e.g. {"customerId": "CUST-DEMO-1"}.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `Not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'A sample is a JSON object, e.g. {"customerId": "CUST-DEMO-1"}.' };
  return { sample: value as Record<string, unknown> };
}

/** The sample as the start input's text (pretty-printed, as a person edits it). */
export function sampleText(sample: Record<string, unknown>): string {
  return JSON.stringify(sample, null, 2);
}

/** Each field the server named, with its messages: `amount: 'amount' is required.`; the problem's detail when it named none. */
export function describeSampleProblem(error: ApiError): string {
  const errors = Object.entries(error.problem.errors ?? {});
  return errors.length ? errors.map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('; ') : (error.problem.detail ?? error.problem.title);
}

/** Whether the server refused to serve the saved sample because it no longer fits the inputs (`422 sample_outdated`). */
export function isOutdated(error: ApiError | null | undefined): boolean {
  return error?.problem.code === 'sample_outdated';
}

/** The hint beside the test run's *Start input*: whether leaving it empty uses a sample, and which one. */
export function startInputHint(state: SampleState): string {
  if (isOutdated(state.error)) {
    return `(JSON object; required: the saved sample no longer fits the draft's inputs — ${describeSampleProblem(state.error!).replace(/\.$/, '')}. Save a new one.)`;
  }
  if (state.loading) return '(JSON object)';
  return state.data ? "(JSON object; empty = the workflow's sample)" : '(JSON object; required: this workflow has no sample yet — Save as sample keeps one)';
}
