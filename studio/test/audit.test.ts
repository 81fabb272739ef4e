// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../src/api/client';
import type { AuditFilters } from '../src/api/types';
import { auditFiltersFromSearchParams, auditFiltersToSearchParams, auditPosition, describeAuditPosition } from '../src/lib/auditFilters';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_NAMES, isAuditAction, summarizeAuditData } from '../src/lib/auditSummary';
import { withFilterChange } from '../src/lib/filters';
import { href, parseHash } from '../src/lib/router';

describe('audit filters ↔ URL', () => {
  const full: AuditFilters = {
    from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', principal: 'ops-priya', action: ['bulk-cancel'],
    workflowId: 'finbox-personal-loan', instanceId: '01JABCDEF', before: 120, take: 25,
  };

  it('round-trips every filter and the cursor through the hash route under the API names', () => {
    const link = href('/audit', auditFiltersToSearchParams(full, { omitDefaults: true }));
    expect(link).toBe('#/audit?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&principal=ops-priya&action=bulk-cancel'
      + '&workflowId=finbox-personal-loan&instanceId=01JABCDEF&before=120&take=25');
    expect(auditFiltersFromSearchParams(parseHash(link).query)).toEqual(full);
  });

  it("leaves the Studio's defaults out of a link but always asks the API for its page size (the API's default is 100)", () => {
    expect(auditFiltersToSearchParams({ take: 50 }, { omitDefaults: true }).toString()).toBe('');
    expect(auditFiltersToSearchParams({}).toString()).toBe('take=50');
    expect(auditFiltersToSearchParams({ principal: '  ' }).toString()).toBe('take=50');
  });

  it('drops what the API would refuse or never match: a time that is no time, an unknown action, bad numbers; caps take at 1000', () => {
    const f = auditFiltersFromSearchParams(new URLSearchParams('from=yesterday&to=2026-11-02T00:00:00Z&action=delete&before=-5&take=5000&principal=%20'));
    expect(f).toEqual({ to: '2026-11-02T00:00:00Z', take: 1000 });
    for (const before of ['abc', '0', '1.5', '12abc', '1e3', '99999999999999999999']) {
      expect(auditFiltersFromSearchParams(new URLSearchParams(`take=0&before=${before}`))).toEqual({});
    }
    expect(auditFiltersFromSearchParams(new URLSearchParams('before=%2077%20'))).toEqual({ before: 77 });
  });

  // Session 46: "every change to live definitions and every manual repair" is one filter of several actions, sent to the
  // API comma-separated (repeated in a link works too); an unknown one among them is dropped, the others kept.
  it('carries several actions, comma-separated or repeated, and sends them as one comma-separated value', () => {
    expect(auditFiltersFromSearchParams(new URLSearchParams('action=publish,retry&action=skip,delete,retry'))).toEqual({ action: ['publish', 'retry', 'skip'] });
    expect(auditFiltersToSearchParams({ action: ['publish', 'retry'] }).toString()).toBe('action=publish%2Cretry&take=50');
    const client = new ApiClient({ fetch: async () => new Response(null, { status: 500 }) });
    expect(client.auditExportUrl({ action: ['publish', 'skip'] }, 'csv')).toBe('/api/audit/export?action=publish%2Cskip&format=csv');
  });

  it('offers the groups of actions an auditor asks for, each of actions the server records', () => {
    expect(AUDIT_ACTION_GROUPS.map((g) => g.label)).toEqual(['Changes to workflow definitions', 'Repairs of journeys', 'Privacy: erasure, access reports, retention, exports']);
    for (const g of AUDIT_ACTION_GROUPS) for (const a of g.actions) expect(isAuditAction(a)).toBe(true);
    expect(AUDIT_ACTION_GROUPS[0].actions).toContain('publish');
    expect(AUDIT_ACTION_GROUPS[1].actions).toEqual(expect.arrayContaining(['retry', 'skip', 'confirm-not-sent', 'alter-goto', 'abandon']));
  });

  it('never reads an offset: an old link with skip opens at the first page, and no request carries it', () => {
    expect(auditFiltersFromSearchParams(new URLSearchParams('action=retry&skip=100&take=25'))).toEqual({ action: ['retry'], take: 25 });
  });

  it('goes back to the first page when a filter or the page size changes', () => {
    const { before: _before, ...rest } = full;
    expect(withFilterChange(full, { action: ['retry'] })).toEqual({ ...rest, action: ['retry'] });
    expect(withFilterChange(full, { take: 100 })).toEqual({ ...rest, take: 100 });
    expect(withFilterChange({ before: 50, principal: 'a' }, { principal: '' })).toEqual({});
  });

  it('asks GET /api/audit with the same names, the cursor as before', async () => {
    const urls: string[] = [];
    const client = new ApiClient({
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(JSON.stringify({ items: [], total: 0, next: null }), { status: 200 });
      },
    });
    await client.listAudit({ instanceId: 'I-1', action: ['cancel'], take: 10 });
    await client.listAudit({ action: ['cancel'], before: 77 });
    expect(urls).toEqual(['/api/audit?action=cancel&instanceId=I-1&take=10', '/api/audit?action=cancel&before=77&take=50']);
  });

  it("builds the export's URL from the list's filters, without its page (the server refuses before and take), with the format", () => {
    const client = new ApiClient({ fetch: async () => new Response(null, { status: 500 }) });
    expect(client.auditExportUrl(full, 'csv')).toBe(
      '/api/audit/export?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&principal=ops-priya&action=bulk-cancel'
      + '&workflowId=finbox-personal-loan&instanceId=01JABCDEF&format=csv');
    expect(client.auditExportUrl({ before: 77, take: 25 }, 'ndjson')).toBe('/api/audit/export?format=ndjson');
  });
});

describe('audit paging by keyset', () => {
  const answer = (shown: number, total: number) => ({ items: Array.from({ length: shown }), total });

  it('numbers the entries from the pages before, which were all full', () => {
    expect(auditPosition(2, 50, answer(50, 230))).toEqual({ page: 2, pages: 5, first: 51, last: 100, total: 230 });
    expect(auditPosition(5, 50, answer(30, 230))).toEqual({ page: 5, pages: 5, first: 201, last: 230, total: 230 });
    expect(auditPosition(1, 50, answer(0, 0))).toEqual({ page: 1, pages: 1, first: 0, last: 0, total: 0 });
    // An empty page after a full last one is still a page.
    expect(auditPosition(3, 50, answer(0, 100))).toEqual({ page: 3, pages: 3, first: 0, last: 0, total: 100 });
  });

  it('says which entries are shown, or that a page after the last is empty', () => {
    expect(describeAuditPosition(auditPosition(2, 50, answer(50, 1230)))).toBe('Entries 51–100 of 1,230 · page 2 of 25');
    expect(describeAuditPosition(auditPosition(1, 25, answer(25, 230)))).toBe('Entries 1–25 of 230 · page 1 of 10');
    expect(describeAuditPosition(auditPosition(3, 6, answer(0, 12)))).toBe('No entries on page 3 · 12 matching');
    expect(describeAuditPosition(auditPosition(1, 50, answer(0, 0)))).toBe('No entries');
  });
});

describe('audit data in words', () => {
  it('knows every action the server records', () => {
    expect(AUDIT_ACTION_NAMES).toContain('bulk-abandon');
    expect(AUDIT_ACTION_NAMES).toContain('sample-save');
    expect(AUDIT_ACTION_NAMES).toHaveLength(22);
    expect(isAuditAction('retention')).toBe(true);
    expect(isAuditAction('toString')).toBe(false);
  });

  it("says an operator's action in words", () => {
    expect(summarizeAuditData('skip', { outcome: 'Done' })).toEqual(['to outcome Done']);
    expect(summarizeAuditData('start', { version: 3 })).toEqual(['version 3']);
    expect(summarizeAuditData('signal', { signal: 'otp' })).toEqual(['signal otp']);
    expect(summarizeAuditData('cancel', { erasure: true })).toEqual(['for an erasure']);
    expect(summarizeAuditData('retry', null)).toEqual([]);
    expect(summarizeAuditData('confirm-sent', { reference: 'TRANCHE-77' })).toEqual(['lender reference TRANCHE-77']);
    expect(summarizeAuditData('alter-goto', { stepId: 'kyc' })).toEqual(['to step kyc']);
    expect(summarizeAuditData('alter-variables', { names: ['limit', 'tenure'] })).toEqual(['variables limit, tenure']);
    expect(summarizeAuditData('bulk-retry', { batchId: '01JBATCH0000000000000000AB' })).toEqual(['batch 01JBAT…0000AB']);
  });

  // Session 45's repair audit: each repair names the step and the incident it answered, and confirm-not-sent its decision.
  // Before, these keys fell through to `stepId: tranche`, `incidentKind: OutcomeUnknown`, `then: cancel`.
  it('says which step and incident a repair answered, and what was decided', () => {
    const on = { stepId: 'tranche', incidentKind: 'OutcomeUnknown', incidentId: '01JINCIDENT000000000000XYZ' };
    const at = ['at step tranche', 'incident OutcomeUnknown 01JINC…000XYZ'];
    expect(summarizeAuditData('retry', on)).toEqual(at);
    expect(summarizeAuditData('skip', { ...on, outcome: 'Rejected' })).toEqual([...at, 'to outcome Rejected']);
    expect(summarizeAuditData('skip', { ...on, compensationSkipped: true })).toEqual([...at, 'compensation not run']);
    expect(summarizeAuditData('confirm-sent', { ...on, reference: 'CF-TRANCHE-7' })).toEqual([...at, 'lender reference CF-TRANCHE-7']);
    expect(summarizeAuditData('confirm-not-sent', { ...on, then: 'resend' })).toEqual([...at, 'then sent again']);
    expect(summarizeAuditData('confirm-not-sent', { ...on, then: 'cancel' })).toEqual([...at, 'then journey cancelled']);
    expect(summarizeAuditData('cancel', { ...on, decision: 'confirm-not-sent' })).toEqual([...at, 'as the money call was not sent']);
    expect(summarizeAuditData('bulk-retry', { ...on, batchId: '01JBATCH0000000000000000AB' })).toEqual([...at, 'batch 01JBAT…0000AB']);
    // An entry recorded before session 45 reads as before.
    expect(summarizeAuditData('confirm-not-sent', null)).toEqual([]);
    expect(summarizeAuditData('confirm-not-sent', { then: 'cancel' })).toEqual(['then journey cancelled']);
  });

  it('says a migration by its versions and step', () => {
    expect(summarizeAuditData('migrate', { fromVersion: 1, toVersion: 2, toStep: 'otp' })).toEqual(['version 1 → 2', 'at step otp']);
    expect(summarizeAuditData('bulk-migrate', { batchId: 'B-1', fromVersion: 2, toVersion: 3, toStep: null })).toEqual(['version 2 → 3', 'batch B-1']);
  });

  it('says what an abandon left to settle by hand', () => {
    expect(summarizeAuditData('abandon', {
      step: 'otp', unresolvedIntents: ['tranche:01J at step tranche'], compensationsNotRun: ['CapitalFloat.CancelBlock for step block'],
    })).toEqual(['at step otp', 'not undone: CapitalFloat.CancelBlock for step block', 'outcome unknown: tranche:01J at step tranche']);
  });

  it('counts what an erasure and a retention batch redacted, and never shows more of the customer than the hash', () => {
    expect(summarizeAuditData('access-report', { customerHash: 'sha256:0123456789abcdef0123456789abcdef', journeys: 2, recipients: 1 }))
      .toEqual(['2 journeys', 'shared with 1 lender', 'customer sha256:0123456…abcdef']);
    expect(summarizeAuditData('access-report', { customerHash: 'sha256:0123456789abcdef0123456789abcdef', journeys: 0, recipients: 0 }))
      .toEqual(['no journey found', 'customer sha256:0123456…abcdef']);
    expect(summarizeAuditData('erasure', {
      customerHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', journeys: 2, alreadyRedacted: 0, cancelled: 1, inboxRecords: 1,
    })).toEqual(['2 journeys redacted', '1 cancelled first', '1 webhook record redacted', 'customer sha256:9f86d08…f00a08']);
    // Session 50: an erasure whose purge failed says why, as its answer did.
    expect(summarizeAuditData('erasure', {
      customerHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', journeys: 1, alreadyRedacted: 0, cancelled: 0, inboxRecords: 0,
      freedSpacePurged: false, purgeFailure: 'diskFull',
    })).toEqual(['1 journey redacted', '0 webhook records redacted', 'customer sha256:9f86d08…f00a08', 'old copies not purged (diskFull)']);
    expect(summarizeAuditData('retention', { kind: 'Completed', count: 50, retentionDays: 90, instanceIds: ['a', 'b'] }))
      .toEqual(['50 Completed journeys redacted', 'older than 90 days']);
    expect(summarizeAuditData('retention', { kind: 'Inbox', count: 1, retentionDays: 7, instanceIds: [] }))
      .toEqual(['1 webhook record redacted', 'older than 7 days']);
  });

  it("says a retention batch's period as a person reads it, a short one too, from the server's d.hh:mm:ss or an older entry's days", () => {
    expect(summarizeAuditData('retention', { kind: 'Completed', count: 1, retention: '00:00:15', retentionDays: 0, instanceIds: ['a'] }))
      .toEqual(['1 Completed journey redacted', 'older than 15 s']);
    expect(summarizeAuditData('retention', { kind: 'Completed', count: 2, retention: '90.00:00:00', retentionDays: 90, instanceIds: [] }))
      .toEqual(['2 Completed journeys redacted', 'older than 90 days']);
    expect(summarizeAuditData('retention', { kind: 'Faulted', count: 3, retention: '1.12:00:00', retentionDays: 1.5, instanceIds: [] }))
      .toEqual(['3 Faulted journeys redacted', 'older than 36 h']);
    // Session 41 wrote only the days, unrounded: 15 s read "older than 0 days".
    expect(summarizeAuditData('retention', { kind: 'Cancelled', count: 1, retentionDays: 0.00017361111111111112, instanceIds: [] }))
      .toEqual(['1 Cancelled journey redacted', 'older than 15 s']);
  });

  it('says an export by its rows, format and filters, and when it stopped part-way', () => {
    expect(summarizeAuditData('audit-export', { format: 'csv', filters: { from: '2026-11-01T00:00:00.0000000+00:00', action: 'retry' }, rows: 7, complete: true }))
      .toEqual(['7 entries as CSV', 'filtered by from 2026-11-01T00:00:00.0000000+00:00, action retry']);
    expect(summarizeAuditData('audit-export', { format: 'ndjson', filters: {}, rows: 1, complete: false }))
      .toEqual(['1 entry as NDJSON', 'the whole trail', 'stopped part-way']);
  });

  it('says a publish by its version', () => {
    expect(summarizeAuditData('publish', { version: 4, revision: 7, contentHash: 'abc123', unchanged: false })).toEqual(['version 4', 'from draft revision 7', 'content abc123']);
  });

  // Session 43: the sample's values (masked by the server) are not spelled out in the list, only its fields.
  it('says a saved sample by its fields and what it was checked against', () => {
    expect(summarizeAuditData('sample-save', { fields: ['customerId', 'mobile'], sample: { customerId: 'CUST-1', mobile: 'XXXXXX3210' }, checkedAgainst: 'the draft' }))
      .toEqual(['2 fields: customerId, mobile', 'checked against the draft', 'sample: {customerId, mobile}']);
  });

  it('shows keys it does not know (a newer server) as they came, briefly', () => {
    expect(summarizeAuditData('skip', { outcome: 'Done', note: 'XXXXXX3210', ids: ['a', 'b', 'c', 'd'], nested: { a: 1 }, empty: null }))
      .toEqual(['to outcome Done', 'note: XXXXXX3210', 'ids: a, b, c and 1 more', 'nested: {a}']);
    expect(summarizeAuditData('future-action', { count: 3 })).toEqual(['count: 3']);
  });
});
