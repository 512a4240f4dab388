import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AsyncAPIDocumentInterface, Diagnostic, DiagnosticSeverity, MessageInterface, ParseOutput, Parser } from '@asyncapi/parser';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { KafkaRecord, toKafkaRecord } from '@trial-ledger/relay';
import { TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { chainEvents, headHashOf, trialStreamId } from '@trial-ledger/ledger';
import { seedIfEmpty } from '../../apps/api/src/seed';
import { TestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

export const DOCUMENT_PATH = resolve(__dirname, '../../docs/asyncapi.yaml');
const SEEDS = resolve(__dirname, '../../seeds');
const CTGOV = resolve(__dirname, '../../../shared/ctgov');
const CHANNEL = 'trialEvents';
export const SOURCE = '/trial-ledger';

export const parseDocument = (): Promise<ParseOutput> => new Parser().parse(readFileSync(DOCUMENT_PATH, 'utf8'));

// The document is pinned to AsyncAPI 3.0.0 on purpose, so the parser's advice to move to 3.1.0 is expected.
// Every other error or warning fails: warnings flag mistakes the specification's schema cannot see (an unused
// component, say), and tolerating them by default would let such drift in unnoticed.
const TOLERATED = new Set(['asyncapi-latest-version']);

export const blockingDiagnostics = (diagnostics: Diagnostic[]): string[] =>
  diagnostics
    .filter((d) => d.severity <= DiagnosticSeverity.Warning && !TOLERATED.has(String(d.code)))
    .map((d) => `${String(d.code)} at ${d.path.join('.') || '(root)'}: ${d.message}`);

/** The messages a consumer of the topic sees: those of the channel, not merely those under components. */
export const channelMessages = (document: AsyncAPIDocumentInterface): MessageInterface[] =>
  document.channels().get(CHANNEL)?.messages().all() ?? [];

export interface MessageContract {
  key: ValidateFunction;
  headers: ValidateFunction;
  payload: ValidateFunction;
}

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`The document has no ${what}`);
  return value;
};

/** Schemas are taken from the parsed document, so Ajv checks what AsyncAPI tooling resolves the $refs to. */
export const compileContracts = (document: AsyncAPIDocumentInterface): Map<string, MessageContract> => {
  // The parser annotates every schema it dereferenced with this key; strict Ajv must know it is only an annotation.
  const ajv = new Ajv({ strict: true, allErrors: true, keywords: ['x-parser-schema-id'] });
  addFormats(ajv);
  return new Map(
    channelMessages(document).map((m) => {
      const name = m.name() ?? m.id();
      const key = m.bindings().get('kafka')?.value<{ key?: object }>().key;
      return [
        name,
        {
          key: ajv.compile(required(key, `Kafka key schema for ${name}`)),
          headers: ajv.compile(required(m.headers(), `headers schema for ${name}`).json()),
          payload: ajv.compile(required(m.payload(), `payload schema for ${name}`).json()),
        },
      ];
    }),
  );
};

/** Optional payload properties that real events never showed, or never left out: gaps in the scenario. */
export const untestedOptionals = (message: MessageInterface, payloads: Record<string, unknown>[]): string[] => {
  const schema = required(message.payload(), `payload schema for ${message.name()}`);
  const mandatory = schema.required() ?? [];
  return Object.keys(schema.properties() ?? {})
    .filter((p) => !mandatory.includes(p))
    .flatMap((p) => {
      const present = payloads.filter((payload) => p in payload).length;
      if (present === 0) return [`${message.name()}.${p} never present`];
      return present === payloads.length ? [`${message.name()}.${p} never absent`] : [];
    });
};

export const errorsOf = (part: string, validate: ValidateFunction, data: unknown): string[] =>
  validate(data) ? [] : (validate.errors ?? []).map((e) => `${part}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

export const violationsOf = (contracts: Map<string, MessageContract>, record: KafkaRecord): string[] => {
  const contract = contracts.get(record.headers.ce_type);
  if (!contract) return [`no message for ce_type ${record.headers.ce_type}`];
  return [
    ...errorsOf('key', contract.key, record.key),
    ...errorsOf('headers', contract.headers, record.headers),
    ...errorsOf('payload', contract.payload, JSON.parse(record.value)),
  ];
};

export interface PublishedEvent {
  event: RecordedEvent;
  record: KafkaRecord;
}

/** Pages through the whole log, so the check never silently stops at a page size. */
export const publishedEvents = async (store: EventStore): Promise<PublishedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 200 });
    if (page.length === 0) break;
    events.push(...page);
  }
  return events.flatMap((event) => {
    const record = toKafkaRecord(event, SOURCE);
    return record ? [{ event, record }] : [];
  });
};

/** Seeds first (they only apply to an empty store), then the registry records, both as the app imports them. */
export const importRealRecords = async (t: TestApp): Promise<string[]> => {
  const seeds = await seedIfEmpty(t.app, SEEDS);
  if (seeds === null) throw new Error('The store was not empty before seeding');
  const ctgov = await importPath(t.app.get(TrialCommandExecutor), CTGOV, 'contract-test');
  return [...seeds.issues, ...ctgov.issues].map((i) => `${i.file} ${i.record} ${i.field}: ${i.message}`);
};

const sender = (t: TestApp) => {
  const operator = t.token('operator', 'contract-test');
  return async (path: string, body: object): Promise<Record<string, unknown>> => {
    const res = await t.http.post(path).set('Authorization', operator).send(body);
    if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
};

const LEGACY = 'NCT09000003';

/**
 * A TrialRegistered as operators could write it before UNKNOWN became the registry's alone: status UNKNOWN with a
 * lastKnownStatus. No command writes one now, but such events stay in existing logs, so the contract still has to
 * describe them. Appended to the store as the executor chains events, the way it was written then.
 */
const appendLegacyRegistration = async (t: TestApp): Promise<void> => {
  const streamId = trialStreamId(LEGACY);
  const data = { ...registerBody(LEGACY), status: 'UNKNOWN', lastKnownStatus: 'SUSPENDED', whyStopped: 'Enrollment paused by the sponsor' };
  delete (data as { reason?: string }).reason;
  const id = randomUUID();
  const event = {
    eventId: id,
    type: 'TrialRegistered',
    schemaVersion: 1,
    data,
    metadata: {
      eventId: id,
      commandId: id,
      correlationId: id,
      causationId: id,
      actor: 'legacy-operator',
      role: 'operator',
      recordedAt: t.clock.now().toISOString(),
      reason: 'Registered before UNKNOWN was derived',
    },
  };
  await t.store.appendToStream(streamId, chainEvents(streamId, 0, headHashOf([]), [event]), 'no_stream');
};

// Two trials outside the seeded and imported ranges: FULL sends every optional field, BARE none of them.
const FULL = 'NCT09000001';
const BARE = 'NCT09000002';

/** Every command over HTTP, each optional field of the resulting events once present and once absent. */
export const driveEveryCommand = async (t: TestApp): Promise<void> => {
  const send = sender(t);
  await send(
    '/trials',
    registerBody(FULL, {
      officialTitle: 'A Randomised Trial of Mesenchymal Stem Cells for Poor Graft Function',
      primaryCompletionDate: { date: '2027-06', type: 'ESTIMATED' },
      status: 'RECRUITING',
    }),
  );
  await appendLegacyRegistration(t);
  await send('/trials', {
    nctId: BARE,
    title: 'Registry of Graft Function',
    sponsor: { name: 'Trial Ledger' },
    studyType: 'OBSERVATIONAL',
    phases: [],
    conditions: [],
    interventions: [],
  });
  await send(`/trials/${FULL}/status`, statusBody('SUSPENDED', { whyStopped: 'Drug supply interrupted' }));
  await send(`/trials/${FULL}/status`, statusBody('RECRUITING'));
  await send(`/trials/${BARE}/status`, statusBody('RECRUITING'));
  const full = await send(`/trials/${FULL}/sites`, siteBody('Chongqing', { state: 'Chongqing', zip: '400037' }));
  const countryOnly = await send(`/trials/${FULL}/sites`, { country: 'Germany', reason: 'Country announced' });
  await send(`/trials/${FULL}/sites`, { facility: 'Klinikum Nord', reason: 'Facility announced' });
  for (const site of [full, countryOnly]) {
    await send(`/trials/${FULL}/sites/${String(site.siteId)}/status`, {
      status: 'RECRUITING',
      effectiveDate: '2024-03',
      reason: 'Site open',
    });
  }
  const enrollment = await send(`/trials/${FULL}/enrollment`, { count: 12, type: 'ACTUAL', reason: 'Interim count' });
  await send(`/trials/${BARE}/enrollment`, { count: 0, type: 'ESTIMATED', reason: 'Planning' });
  await send(`/trials/${FULL}/dates`, { startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' });
  await send(`/trials/${BARE}/dates`, {
    primaryCompletionDate: { date: '2025', type: 'ESTIMATED' },
    completionDate: { date: '2026-01-31', type: 'ESTIMATED' },
    reason: 'Timeline agreed',
  });
  await send(`/trials/${BARE}/status`, statusBody('TERMINATED', { whyStopped: 'Funding ended' }));
  await send(`/trials/${BARE}/details`, { whyStopped: 'Funding ended in March', reason: 'Reason stated in full' });
  // Corrections outside the lifecycle, with and without a reason for stopping, and a verification.
  await send(`/trials/${BARE}/status`, statusBody('WITHDRAWN', { whyStopped: 'Nobody was enrolled after all', correction: true }));
  await send(`/trials/${BARE}/status`, statusBody('RECRUITING', { correction: true }));
  await send(`/trials/${FULL}/verification`, { verifiedOn: '2024-03', reason: 'Annual review' });
  // Details: every field but whyStopped at once (FULL), whyStopped alone (BARE, above); a site renamed with and without a former name, one removed.
  await send(`/trials/${FULL}/details`, {
    title: 'MSC for Poor Graft Function',
    officialTitle: 'Mesenchymal Stem Cells for Poor Graft Function: a randomised trial',
    phases: ['PHASE3'],
    conditions: ['Poor Graft Function'],
    interventions: [{ type: 'BIOLOGICAL', name: 'MSC' }],
    collaborators: [{ name: 'Xinqiao Hospital', class: 'OTHER' }],
    secondaryIds: [{ id: 'MSC4PGF', type: 'OTHER' }],
    reason: 'Protocol amendment 2',
  });
  await send(`/trials/${FULL}/sites/${String(full.siteId)}/facility`, { facility: 'Xinqiao Hospital, Hematology', reason: 'Renamed' });
  await send(`/trials/${FULL}/sites/${String(countryOnly.siteId)}/facility`, { facility: 'Charité', reason: 'Facility announced' });
  await send(`/trials/${FULL}/sites/${String(countryOnly.siteId)}/removal`, { reason: 'Site withdrew' });
  // Closed while the primary completion date is still ESTIMATED: accepted, with the warning recorded.
  await send(`/trials/${FULL}/status`, statusBody('COMPLETED'));
  // One correction of a trial value (no siteId) and one of a site's address (with its siteId).
  await send(`/trials/${FULL}/corrections`, {
    revision: enrollment.revision,
    corrections: { enrollment: { count: 21, type: 'ACTUAL' } },
    reason: 'Site log shows 21',
  });
  await send(`/trials/${FULL}/corrections`, { revision: full.revision, corrections: { zip: '400038' }, reason: 'Zip misread' });
};
