import { AsyncAPIDocumentInterface, MessageInterface, ParseOutput } from '@asyncapi/parser';
import {
  AGENCY_CLASSES,
  DATE_TYPES,
  INTERVENTION_TYPES,
  NCT_ID_PATTERN,
  PHASES,
  SITE_STATUSES,
  STUDY_TYPES,
  TRIAL_EVENT_TYPES,
  TRIAL_STATUSES,
  TrialEventType,
} from '@trial-ledger/domain';
import { DEFAULT_KAFKA_TOPIC } from '@trial-ledger/platform';
import { TestApp, startTestApp } from '../support/test-app';
import {
  MessageContract,
  PublishedEvent,
  blockingDiagnostics,
  channelMessages,
  compileContracts,
  driveEveryCommand,
  errorsOf,
  importRealRecords,
  parseDocument,
  publishedEvents,
  untestedOptionals,
  violationsOf,
} from './asyncapi-support';

type Payload = Record<string, unknown>;

// The events checked here are produced by the real HTTP app and the real importer on the embedded store, so
// the document is held against what the code emits, not against samples written to agree with it.
describe('AsyncAPI document of the trial-events topic (docs/asyncapi.yaml)', () => {
  let parsed: ParseOutput;
  let contracts: Map<string, MessageContract>;
  let t: TestApp;
  let importIssues: string[];
  let published: PublishedEvent[];

  beforeAll(async () => {
    parsed = await parseDocument();
    // A document that does not parse leaves no contracts; the validity test then reports why.
    contracts = parsed.document ? compileContracts(parsed.document) : new Map();
    t = await startTestApp();
    importIssues = await importRealRecords(t);
    await driveEveryCommand(t);
    published = await publishedEvents(t.store);
  }, 60_000);
  afterAll(() => t?.close());

  const document = (): AsyncAPIDocumentInterface => {
    if (!parsed.document) throw new Error('docs/asyncapi.yaml did not parse; see the validity test');
    return parsed.document;
  };
  const messageOf = (type: TrialEventType): MessageInterface | undefined => channelMessages(document()).find((m) => m.name() === type);
  const payloadsOf = (type: TrialEventType): Payload[] =>
    published.filter((p) => p.record.headers.ce_type === type).map((p) => JSON.parse(p.record.value) as Payload);
  const contractOf = (type: TrialEventType): MessageContract => {
    const contract = contracts.get(type);
    if (!contract) throw new Error(`No message for ${type}`);
    return contract;
  };

  describe('the document', () => {
    it('is valid AsyncAPI 3.0.0, with no error or warning but the tolerated one', () => {
      expect(blockingDiagnostics(parsed.diagnostics)).toEqual([]);
      expect(document().version()).toBe('3.0.0');
    });

    it('has one message per event type of the code, named by the type, and none for a type the code lacks', () => {
      const names = channelMessages(document()).map((m) => m.name());
      expect([...names].sort()).toEqual([...TRIAL_EVENT_TYPES].sort());
    });

    it('lets consumers receive every message of the channel', () => {
      const receive = document().operations().filterByReceive();
      const received = receive.flatMap((op) =>
        op
          .messages()
          .all()
          .map((m) => m.name()),
      );
      expect([...received].sort()).toEqual([...TRIAL_EVENT_TYPES].sort());
    });

    it('names the topic the relay publishes to by default', () => {
      const channel = document().channels().get('trialEvents');
      expect(channel?.address()).toBe(DEFAULT_KAFKA_TOPIC);
      expect(channel?.bindings().get('kafka')?.value<{ topic: string }>().topic).toBe(DEFAULT_KAFKA_TOPIC);
    });

    // Real events only show the values the scenario happens to use; a value added to the code and not
    // yet emitted anywhere would slip past them, so the enumerations are compared as lists as well.
    it.each<[string, readonly string[]]>([
      ['TrialStatus', TRIAL_STATUSES],
      ['SiteStatus', SITE_STATUSES],
      ['Phase', PHASES],
      ['StudyType', STUDY_TYPES],
      ['DateType', DATE_TYPES],
      ['InterventionType', INTERVENTION_TYPES],
      ['AgencyClass', AGENCY_CLASSES],
    ])('spells %s as trial.values.ts does', (name, values) => {
      expect(document().components().schemas().get(name)?.enum()).toEqual([...values]);
    });

    it('uses the NCT ID pattern of the code', () => {
      expect(document().components().schemas().get('NctId')?.pattern()).toBe(NCT_ID_PATTERN.source);
    });
  });

  describe('real events', () => {
    it('come from every seed and registry record, none refused, so none is left out of the check', () => {
      expect(importIssues).toEqual([]);
    });

    it('match their message: key, headers and payload', () => {
      const failures = published.flatMap(({ event, record }) => {
        const violations = violationsOf(contracts, record);
        if (violations.length === 0) return [];
        return [`${event.type} #${event.position} (${event.streamId}@${event.revision}): ${violations.join('; ')} | value ${record.value}`];
      });
      expect(failures).toEqual([]);
    });

    it('cover every event type, so the check above cannot pass on an empty log', () => {
      expect(TRIAL_EVENT_TYPES.filter((type) => payloadsOf(type).length === 0)).toEqual([]);
    });

    it('show every optional payload property both present and absent, so required vs optional is tested', () => {
      const gaps = TRIAL_EVENT_TYPES.flatMap((type) => {
        const message = messageOf(type);
        return message ? untestedOptionals(message, payloadsOf(type)) : [`${type} has no message`];
      });
      expect(gaps).toEqual([]);
    });
  });

  describe('the check can fail', () => {
    const firstPayload = (type: TrialEventType): Payload => {
      const [payload] = payloadsOf(type);
      expect(errorsOf(type, contractOf(type).payload, payload)).toEqual([]);
      return payload;
    };

    it.each(TRIAL_EVENT_TYPES)('rejects a real %s payload with a property the document does not declare', (type) => {
      const payload = { ...firstPayload(type), addedByTheTest: true };
      expect(errorsOf(type, contractOf(type).payload, payload)).toEqual([expect.stringContaining('"additionalProperty":"addedByTheTest"')]);
    });

    it.each(TRIAL_EVENT_TYPES)('rejects a real %s payload without one of its required properties', (type) => {
      const payload = firstPayload(type);
      const mandatory = messageOf(type)?.payload()?.required() ?? [];
      expect(mandatory).not.toEqual([]);
      for (const property of mandatory) {
        const { [property]: _removed, ...rest } = payload;
        expect(errorsOf(type, contractOf(type).payload, rest)).toContainEqual(expect.stringContaining(`"missingProperty":"${property}"`));
      }
    });
  });
});
