// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { BulkAbandonItem } from '../src/api/types';
import { leftBecause, toAbandon, toSettle } from '../src/lib/bulkAbandon';

// Items as POST /api/instances/bulk/abandon's dry run answers them (docs/api.md, "Bulk abandon").
const item = (over: Partial<BulkAbandonItem>): BulkAbandonItem => ({
  id: 'J1', workflowId: 'capitalfloat-paylater', status: 'Waiting', atStep: 'otp', canAbandon: true, abandoned: false,
  code: null, error: null, unresolvedIntents: [], compensationsNotRun: [], ...over,
});
const lost = item({ id: 'lost', compensationsNotRun: [{ stepId: 'block', activity: 'CapitalFloat.CancelBlock', inThisBuild: true }] });
const gone = item({ id: 'gone', compensationsNotRun: [{ stepId: 'block', activity: 'Gone.Release', inThisBuild: false }] });
const withIntent = item({
  id: 'intent', canAbandon: false, code: 'unresolved_intent', error: 'unresolved',
  unresolvedIntents: [{ key: 'disburse', stepId: 'disburse', createdAt: '2026-12-03T10:00:00Z' }],
});
const readable = item({ id: 'readable', canAbandon: false, code: 'instance_readable', error: 'readable' });

describe('bulk abandon', () => {
  it('abandons what the server can, and a journey with an unknown outcome only once it is ticked as reconciled', () => {
    expect(toAbandon([lost, withIntent, readable], new Set()).map((i) => i.id)).toEqual(['lost']);
    expect(toAbandon([lost, withIntent, readable], new Set(['intent', 'readable'])).map((i) => i.id)).toEqual(['lost', 'intent']);
  });

  it('says why a journey is left, and what abandoning leaves to settle by hand', () => {
    expect(leftBecause(lost)).toBeNull();
    expect(leftBecause(readable)).toMatch(/cancel it instead/);
    expect(leftBecause(item({ canAbandon: false, code: 'invalid_state' }))).toBe('Already finished.');
    expect(leftBecause(item({ canAbandon: false, code: 'something_new', error: 'the server says' }))).toBe('the server says');
    expect(toSettle(lost)).toEqual(['Not undone: CapitalFloat.CancelBlock for step block']);
    expect(toSettle(gone)).toEqual(['Not undone: Gone.Release for step block (not in this build)']);
    expect(toSettle(withIntent)).toEqual(['Outcome unknown: disburse at step disburse']);
  });
});
