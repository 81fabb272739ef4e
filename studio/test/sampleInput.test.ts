// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { describeSampleProblem, isOutdated, parseSampleText, sampleText, startInputHint } from '../src/designer/sampleInput';
import { formatPeriod } from '../src/lib/format';

const outdated = new ApiError({
  title: 'Sample no longer fits', status: 422, code: 'sample_outdated', detail: "The stored sample of 'wf' no longer fits the inputs of the draft: amount: 'amount' is required.",
  errors: { amount: ["'amount' is required."] },
});

describe('the designer\'s sample input', () => {
  it('keeps only a JSON object as a sample, and says why anything else is not one', () => {
    expect(parseSampleText('{"customerId": "C-1", "amount": 5000}')).toEqual({ sample: { customerId: 'C-1', amount: 5000 } });
    expect(parseSampleText('   ')).toEqual({ error: expect.stringContaining('Type the sample first') });
    expect(parseSampleText('[1, 2]')).toEqual({ error: expect.stringContaining('a JSON object') });
    expect(parseSampleText('null')).toEqual({ error: expect.stringContaining('a JSON object') });
    expect(parseSampleText('{"customerId": }')).toEqual({ error: expect.stringMatching(/^Not JSON: /) });
  });

  it('puts a sample into the start input pretty-printed, and it reads back the same', () => {
    const sample = { customerId: 'C-1', nested: { amount: 5000 } };
    expect(sampleText(sample)).toBe('{\n  "customerId": "C-1",\n  "nested": {\n    "amount": 5000\n  }\n}');
    expect(parseSampleText(sampleText(sample))).toEqual({ sample });
  });

  it('names each field the server refused, or its detail when it named none', () => {
    const refused = new ApiError({ title: 'Invalid request', status: 400, detail: 'x', errors: { customerId: ["'customerId' is required."], mobile: ['Must be 10 digits.', 'Or masked.'] } });
    expect(describeSampleProblem(refused)).toBe("customerId: 'customerId' is required.; mobile: Must be 10 digits. Or masked.");
    expect(describeSampleProblem(new ApiError({ title: 'Forbidden', status: 403, detail: 'Needs the Designer role.' }))).toBe('Needs the Designer role.');
  });

  it('says in the start input\'s hint whether an empty input runs the sample, and that an outdated one is not used', () => {
    expect(startInputHint({ loading: false, data: { customerId: 'C-1' }, error: null })).toBe("(JSON object; empty = the workflow's sample)");
    expect(startInputHint({ loading: false, data: null, error: null })).toContain('required: this workflow has no sample');
    expect(startInputHint({ loading: true, data: undefined, error: null })).toBe('(JSON object)');
    expect(isOutdated(outdated)).toBe(true);
    expect(startInputHint({ loading: false, data: undefined, error: outdated })).toBe(
      "(JSON object; required: the saved sample no longer fits the draft's inputs — amount: 'amount' is required. Save a new one.)");
  });
});

describe('formatPeriod', () => {
  it('reads a retention period as a person says it', () => {
    expect(formatPeriod('00:08:00')).toBe('8 minutes');
    expect(formatPeriod('30.00:00:00')).toBe('30 days');
    expect(formatPeriod('1.00:00:00')).toBe('1 day');
    expect(formatPeriod('1.12:30:00')).toBe('1 day 12 hours');
    expect(formatPeriod('00:01:30')).toBe('1 minute 30 seconds');
    expect(formatPeriod('00:00:15')).toBe('15 seconds');
    expect(formatPeriod('02:00:05')).toBe('2 hours');
    expect(formatPeriod('00:00:00.2500000')).toBe('250 milliseconds');
    expect(formatPeriod('P30D')).toBe('P30D');
  });
});
