import type { AuditAction } from '../api/types';
import { formatDuration, parseTimeSpan, plural, shortId } from './format';
import { stepChangeWords } from './journalKinds';

/**
 * Every action the server records, with what it means in words. A `Record` over the generated `AuditAction` union, so
 * the compiler refuses this list when the server's (the OpenAPI document's enum, `AuditActions.All`) gains or loses one.
 */
export const AUDIT_ACTIONS: Readonly<Record<AuditAction, string>> = {
  start: 'journey started',
  signal: 'signal sent',
  cancel: 'journey cancelled',
  retry: 'failed step retried',
  skip: 'failed step skipped',
  'bulk-cancel': 'cancelled in bulk',
  'bulk-retry': 'retried in bulk',
  'confirm-sent': 'money call was sent',
  'confirm-not-sent': 'money call was not sent',
  migrate: 'moved to another version',
  'bulk-migrate': 'moved in bulk',
  'alter-goto': 'moved to another step',
  'alter-variables': 'variables set',
  abandon: 'abandoned, keys lost',
  'bulk-abandon': 'abandoned in bulk',
  publish: 'version published',
  'sample-save': 'sample input saved',
  'sample-delete': 'sample input removed',
  erasure: "borrower's data erased",
  'access-report': "borrower's access report read",
  retention: 'redacted by retention',
  'audit-export': 'audit trail exported',
};

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/**
 * The questions an auditor asks of the trail, each several actions in one filter (`?action=publish,sample-save,…`;
 * session 46's compliance walk: "every change to live journey definitions and every manual repair in Q3").
 */
export const AUDIT_ACTION_GROUPS: ReadonlyArray<{ label: string; actions: readonly AuditAction[] }> = [
  { label: 'Changes to workflow definitions', actions: ['publish', 'sample-save', 'sample-delete'] },
  {
    label: 'Repairs of journeys',
    actions: ['cancel', 'retry', 'skip', 'bulk-cancel', 'bulk-retry', 'confirm-sent', 'confirm-not-sent', 'migrate', 'bulk-migrate',
      'alter-goto', 'alter-variables', 'abandon', 'bulk-abandon'],
  },
  { label: 'Privacy: erasure, access reports, retention, exports', actions: ['erasure', 'access-report', 'retention', 'audit-export'] },
];

type Data = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
// Hashes and batch ids are long and only need telling apart: the start and the end are enough.
const short = (v: string) => (v.length > 24 ? `${v.slice(0, 14)}…${v.slice(-6)}` : v);

/** Reads some keys of an entry's data into phrases; the keys it read are not repeated by the fallback. */
type Reader = (d: Data) => { phrases: (string | undefined)[]; keys: string[] };

const batch: Reader = (d) => ({ phrases: [str(d.batchId) && `batch ${shortId(str(d.batchId)!)}`], keys: ['batchId'] });

const migration: Reader = (d) => {
  const from = num(d.fromVersion);
  const to = num(d.toVersion);
  return {
    phrases: [
      from !== undefined && to !== undefined ? `version ${from} → ${to}` : to !== undefined ? `to version ${to}` : undefined,
      str(d.toStep) && `at step ${str(d.toStep)}`,
      stepChangeWords(d.stepChange, to),
      ...batch(d).phrases,
    ],
    keys: ['fromVersion', 'toVersion', 'toStep', 'stepChange', 'batchId'],
  };
};

const abandonment: Reader = (d) => ({
  phrases: [
    str(d.step) && `at step ${str(d.step)}`,
    ...strings(d.compensationsNotRun).map((c) => `not undone: ${c}`),
    ...strings(d.unresolvedIntents).map((i) => `outcome unknown: ${i}`),
    ...batch(d).phrases,
  ],
  keys: ['step', 'compensationsNotRun', 'unresolvedIntents', 'batchId'],
});

/**
 * What a repair acted on (session 45): the step, the incident's kind and id (`at step tranche`, `incident OutcomeUnknown
 * 01JABC…WXYZ`), before the action's own facts. The id is the one the journey's `IncidentCreated` journal entry carries.
 */
const incident: Reader = (d) => {
  const kind = str(d.incidentKind);
  const id = str(d.incidentId);
  return {
    phrases: [
      str(d.stepId) && `at step ${str(d.stepId)}`,
      kind || id ? `incident ${[kind, id && shortId(id)].filter(Boolean).join(' ')}` : undefined,
    ],
    keys: ['stepId', 'incidentKind', 'incidentId'],
  };
};

const repair = (own?: Reader): Reader => (d) => {
  const first = incident(d);
  const rest = own ? own(d) : { phrases: [], keys: [] };
  return { phrases: [...first.phrases, ...rest.phrases], keys: [...first.keys, ...rest.keys] };
};

/** confirm-not-sent's decision: the call is sent again (`resend`, the default) or the journey is cancelled (`cancel`). */
const THEN: Record<string, string> = { resend: 'then sent again', cancel: 'then journey cancelled' };

/** A retention period: whole days as days (`90 days`), anything else as a duration (`15 s`, `1 d 12 h`). */
const period = (ms: number) => (ms > 0 && ms % 86_400_000 === 0 ? plural(ms / 86_400_000, 'day') : formatDuration(ms));

const FILTER_NAMES = ['from', 'to', 'principal', 'action', 'workflowId', 'instanceId'] as const;

const READERS: Partial<Record<AuditAction, Reader>> = {
  start: (d) => ({ phrases: [num(d.version) !== undefined ? `version ${num(d.version)}` : undefined], keys: ['version'] }),
  signal: (d) => ({ phrases: [str(d.signal) && `signal ${str(d.signal)}`], keys: ['signal'] }),
  cancel: repair((d) => ({
    phrases: [d.erasure === true ? 'for an erasure' : undefined, str(d.decision) === 'confirm-not-sent' ? 'as the money call was not sent' : undefined],
    keys: ['erasure', 'decision'],
  })),
  retry: repair(),
  skip: repair((d) => ({
    phrases: [str(d.outcome) && `to outcome ${str(d.outcome)}`, d.compensationSkipped === true ? 'compensation not run' : undefined],
    keys: ['outcome', 'compensationSkipped'],
  })),
  'bulk-cancel': batch,
  'bulk-retry': repair(batch),
  'confirm-sent': repair((d) => ({ phrases: [str(d.reference) && `lender reference ${str(d.reference)}`], keys: ['reference'] })),
  'confirm-not-sent': repair((d) => ({ phrases: [str(d.then) && (THEN[str(d.then)!] ?? `then ${str(d.then)}`)], keys: ['then'] })),
  migrate: migration,
  'bulk-migrate': migration,
  'alter-goto': (d) => ({ phrases: [str(d.stepId) && `to step ${str(d.stepId)}`], keys: ['stepId'] }),
  'alter-variables': (d) => {
    const names = strings(d.names);
    return { phrases: [names.length ? `${names.length === 1 ? 'variable' : 'variables'} ${names.join(', ')}` : undefined], keys: ['names'] };
  },
  abandon: abandonment,
  'bulk-abandon': abandonment,
  publish: (d) => ({
    phrases: [
      num(d.version) !== undefined ? `version ${num(d.version)}` : undefined,
      num(d.revision) !== undefined ? `from draft revision ${num(d.revision)}` : undefined,
      d.unchanged === true ? 'same content as the version before' : undefined,
      d.layoutUpdated === true ? 'its layout updated' : undefined,
      str(d.contentHash) && `content ${short(str(d.contentHash)!)}`,
    ],
    keys: ['version', 'revision', 'unchanged', 'layoutUpdated', 'contentHash'],
  }),
  // The sample itself (masked by the server) stays in the entry's data; the summary names its fields only.
  'sample-save': (d) => {
    const fields = strings(d.fields);
    return { phrases: [fields.length ? `${plural(fields.length, 'field')}: ${fields.join(', ')}` : undefined, str(d.checkedAgainst) && `checked against ${str(d.checkedAgainst)}`], keys: ['fields', 'checkedAgainst'] };
  },
  erasure: (d) => {
    const count = (key: string, phrase: (n: number) => string, always = false) => {
      const n = num(d[key]);
      return n !== undefined && (always || n > 0) ? phrase(n) : undefined;
    };
    return {
      phrases: [
        count('journeys', (n) => `${plural(n, 'journey')} redacted`, true),
        count('alreadyRedacted', (n) => `${n.toLocaleString('en-US')} already redacted`),
        count('cancelled', (n) => `${n.toLocaleString('en-US')} cancelled first`),
        count('inboxRecords', (n) => `${plural(n, 'webhook record')} redacted`, true),
        str(d.customerHash) && `customer ${short(str(d.customerHash)!)}`,
        str(d.purgeFailure) && `old copies not purged (${str(d.purgeFailure)})`,
      ],
      keys: ['journeys', 'alreadyRedacted', 'cancelled', 'inboxRecords', 'customerHash', 'freedSpacePurged', 'purgeFailure'],
    };
  },
  'access-report': (d) => {
    const journeys = num(d.journeys);
    const recipients = num(d.recipients);
    const hash = str(d.customerHash);
    return {
      phrases: [
        journeys !== undefined ? (journeys === 0 ? 'no journey found' : plural(journeys, 'journey')) : undefined,
        recipients !== undefined && journeys !== 0 ? `shared with ${plural(recipients, 'lender')}` : undefined,
        hash ? `customer ${short(hash)}` : undefined,
      ],
      keys: ['journeys', 'recipients', 'customerHash'],
    };
  },
  retention: (d) => {
    const count = num(d.count);
    const kind = str(d.kind);
    // The period as the server wrote it (`retention`, d.hh:mm:ss, since session 42), else the days of older entries,
    // whose fractions (0.00017361111111111112 for 15 s) read as a duration too.
    const days = num(d.retentionDays);
    const ms = parseTimeSpan(str(d.retention)) ?? (days !== undefined ? days * 86_400_000 : undefined);
    const what = kind === 'Inbox' ? (n: number) => plural(n, 'webhook record') : (n: number) => `${plural(n, `${kind ? `${kind} ` : ''}journey`)}`;
    return {
      phrases: [count !== undefined ? `${what(count)} redacted` : undefined, ms !== undefined ? `older than ${period(ms)}` : undefined],
      // The ids are the journeys of the batch: the count says how many; the journeys themselves list as redacted.
      keys: ['count', 'kind', 'retention', 'retentionDays', 'instanceIds'],
    };
  },
  'audit-export': (d) => {
    const rows = num(d.rows);
    const format = str(d.format);
    const filters = d.filters !== null && typeof d.filters === 'object' ? (d.filters as Data) : {};
    const given = FILTER_NAMES.filter((k) => str(filters[k])).map((k) => `${k} ${str(filters[k])}`);
    return {
      phrases: [
        rows !== undefined ? `${plural(rows, 'entry', 'entries')}${format ? ` as ${format.toUpperCase()}` : ''}` : undefined,
        given.length ? `filtered by ${given.join(', ')}` : 'the whole trail',
        d.complete === false ? 'stopped part-way' : undefined,
      ],
      keys: ['rows', 'format', 'filters', 'complete'],
    };
  },
};

/** Any other value, as little as tells what it is: a scalar as it is, a list by its first items, an object by its keys. */
function fallback(key: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (!value.length) return undefined;
    const shown = value.slice(0, 3).map((v) => (v !== null && typeof v === 'object' ? '…' : String(v)));
    return `${key}: ${shown.join(', ')}${value.length > 3 ? ` and ${value.length - 3} more` : ''}`;
  }
  if (typeof value === 'object') return `${key}: {${Object.keys(value).join(', ')}}`;
  return `${key}: ${String(value)}`;
}

/**
 * An audit entry's data in words, one phrase per fact (`to outcome Done`, `version 1 → 2`, `2 journeys redacted`).
 * Only what the server sent, as it sent it: the server masks the personal data an entry may quote, and nothing here
 * reads it back. Keys an action's reader does not know (a newer server) are shown as `key: value`.
 */
export function summarizeAuditData(action: string, data: Data | null | undefined): string[] {
  if (!data) return [];
  const reader = isAuditAction(action) ? READERS[action] : undefined;
  const read = reader ? reader(data) : { phrases: [], keys: [] };
  const rest = Object.entries(data).filter(([k]) => !read.keys.includes(k)).map(([k, v]) => fallback(k, v));
  return [...read.phrases, ...rest].filter((p): p is string => p !== undefined && p !== '');
}
