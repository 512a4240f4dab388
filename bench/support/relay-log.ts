import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent } from '@trial-ledger/event-store';
import { TRIAL_EVENT_SCHEMA_VERSIONS, TrialEvent } from '@trial-ledger/domain';
import { GENESIS_HASH, chainEvents, integrityOf, trialStreamId } from '@trial-ledger/ledger';

/**
 * A log for the relay benches: trials living the six-command life an operator drives (register, status,
 * site, site status, enrollment, dates), many trials in flight at once so the log interleaves them the way
 * concurrent operators do. Events carry the metadata and hash chain the command executor writes, so a
 * record's headers and value are as large as in production.
 */
const REGISTER_DATA = {
  title: 'Mesenchymal Stem Cells for Treatment of Poor Graft Function After Allogeneic HSCT',
  sponsor: { name: 'ShiCang Yu', class: 'OTHER' },
  studyType: 'INTERVENTIONAL',
  phases: ['PHASE4'],
  conditions: ['MSC', 'Poor Graft Function'],
  interventions: [{ type: 'BIOLOGICAL', name: 'mesenchymal stromal cells' }],
  enrollment: { count: 68, type: 'ESTIMATED' },
  status: 'NOT_YET_RECRUITING',
  startDate: { date: '2024-01-01', type: 'ESTIMATED' },
  completionDate: { date: '2028-11-01', type: 'ESTIMATED' },
};

const lifeStep = (nctId: string, step: number): { event: TrialEvent; reason: string } => {
  const siteId = `${nctId}-site-1`;
  const steps = [
    { event: { type: 'TrialRegistered', data: { nctId, ...REGISTER_DATA } }, reason: 'Protocol approved' },
    { event: { type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }, reason: 'Moved to RECRUITING' },
    {
      event: {
        type: 'SiteAdded',
        data: { nctId, siteId, facility: 'Hospital of Guangzhou', city: 'Guangzhou', country: 'China', status: 'NOT_YET_RECRUITING' },
      },
      reason: 'Site contract signed',
    },
    { event: { type: 'SiteStatusChanged', data: { nctId, siteId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }, reason: 'Open' },
    { event: { type: 'EnrollmentUpdated', data: { nctId, count: 12, type: 'ACTUAL' } }, reason: 'Interim count' },
    { event: { type: 'TrialDatesUpdated', data: { nctId, startDate: { date: '2024-02-01', type: 'ACTUAL' } } }, reason: 'Start confirmed' },
  ];
  return steps[step] as { event: TrialEvent; reason: string };
};

const newEvent = (nctId: string, step: number, at: number): NewEvent => {
  const { event, reason } = lifeStep(nctId, step);
  const eventId = randomUUID();
  const commandId = randomUUID();
  return {
    eventId,
    type: event.type,
    schemaVersion: TRIAL_EVENT_SCHEMA_VERSIONS[event.type],
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      eventId,
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: 'operator-1',
      role: 'operator',
      recordedAt: new Date(at).toISOString(),
      effectiveDate: '2024-02-01',
      reason,
    },
  };
};

export const benchNctId = (n: number): string => `NCT08${String(n).padStart(6, '0')}`;

const STEPS = 6;
const IN_FLIGHT_TRIALS = 1_000;

/**
 * Appends `count` events through the store's own append path. Each wave appends one step of up to
 * IN_FLIGHT_TRIALS trials concurrently, so the store's group commit keeps generation quick.
 */
export const writeTrialLog = async (store: EventStore, count: number): Promise<void> => {
  const hashes = new Map<string, string>();
  let written = 0;
  let time = Date.parse('2025-03-01T08:00:00.000Z');
  for (let firstTrial = 1; written < count; firstTrial += IN_FLIGHT_TRIALS) {
    for (let step = 0; step < STEPS && written < count; step += 1) {
      const trials = Math.min(IN_FLIGHT_TRIALS, count - written);
      await Promise.all(
        Array.from({ length: trials }, (_, i) => {
          const nctId = benchNctId(firstTrial + i);
          const [event] = chainEvents(trialStreamId(nctId), step, hashes.get(nctId) ?? GENESIS_HASH, [newEvent(nctId, step, (time += 7))]);
          hashes.set(nctId, integrityOf(event)!.hash);
          return store.appendToStream(trialStreamId(nctId), [event], step === 0 ? 'no_stream' : step);
        }),
      );
      written += trials;
    }
    hashes.clear();
  }
};
