// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { DefinitionDocument } from '../src/api/types';
import { outcomeLabelRows, outcomeLabelWidth, wireLabels } from '../src/designer/outcomeLabels';
import { NODE_WIDTH } from '../src/lib/graph';

/** The horizontal extent of each label, centred under its handle as the step draws it. */
function extents(outcomes: string[]): [number, number][] {
  return outcomes.map((o, i) => {
    const centre = ((i + 1) / (outcomes.length + 1)) * NODE_WIDTH;
    return [centre - outcomeLabelWidth(o) / 2, centre + outcomeLabelWidth(o) / 2];
  });
}

function overlapsOnARow(outcomes: string[]): string[] {
  const rows = outcomeLabelRows(outcomes);
  const x = extents(outcomes);
  const hits: string[] = [];
  for (let i = 0; i < outcomes.length; i++) for (let j = i + 1; j < outcomes.length; j++) {
    if (rows[i] === rows[j] && x[i][0] < x[j][1] && x[j][0] < x[i][1]) hits.push(`${outcomes[i]} × ${outcomes[j]}`);
  }
  return hits;
}

describe('outcome labels under a step', () => {
  it('outcomeLabelRows_LongOutcomesSideBySide_GoOnRowsWhereNoneOverlaps', () => {
    // The pay-later OTP step: before, all on one row ("VeriAttemptsExhauTimedOut").
    expect(overlapsOnARow(['Verified', 'AttemptsExhausted', 'TimedOut'])).toEqual([]);
    expect(outcomeLabelRows(['Verified', 'AttemptsExhausted', 'TimedOut'])).toEqual([0, 1, 0]);
    expect(overlapsOnARow(['WithinLimit', 'OverLimit', 'Rejected'])).toEqual([]);
    expect(overlapsOnARow(['Approved', 'Rejected', 'ManualReview', 'Failed', 'TimedOut', 'Cancelled'])).toEqual([]);
  });

  it('outcomeLabelRows_ShortOrFewOutcomes_StayOnOneRow', () => {
    expect(outcomeLabelRows(['Shared', 'Skipped'])).toEqual([0, 0]);
    expect(outcomeLabelRows(['Disbursed', 'Rejected'])).toEqual([0, 0]);
    expect(outcomeLabelRows([])).toEqual([]);
  });
});

describe('wire labels', () => {
  const doc: DefinitionDocument = {
    id: 'w', version: 1, start: 'otp',
    steps: [
      { id: 'otp', activity: 'CapitalFloat.VerifyOtp', next: { Verified: 'tranche', AttemptsExhausted: 'release', TimedOut: 'release' } },
      { id: 'share', activity: 'Partner.ShareToken', next: { Shared: 'end', Skipped: 'end', Gone: 'missing' } },
      { id: 'tranche', activity: 'Core.End' }, { id: 'release', activity: 'Core.End' }, { id: 'end', activity: 'Core.End' },
    ],
  };

  it('wireLabels_WiresFromOneStepToOneTarget_ShareOneLabelNamingEveryOutcome', () => {
    const labels = wireLabels(doc);
    expect(labels.get('otp:Verified')).toBe('Verified');
    expect(labels.get('otp:AttemptsExhausted')).toBe('AttemptsExhausted · TimedOut');
    expect(labels.get('otp:TimedOut')).toBeUndefined();
    expect(labels.get('share:Shared')).toBe('Shared · Skipped');
    expect(labels.has('share:Skipped')).toBe(true);
    expect(labels.get('share:Skipped')).toBeUndefined();
    // An outcome wired to a step that does not exist draws no wire.
    expect(labels.has('share:Gone')).toBe(false);
  });
});
