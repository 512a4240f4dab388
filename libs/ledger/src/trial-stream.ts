import { RecordedEvent } from '@trial-ledger/event-store';
import { TRIAL_EVENT_SCHEMA_VERSIONS, TrialEvent, isTrialEventType } from '@trial-ledger/domain';

const STREAM_PREFIX = 'trial-';

export const trialStreamId = (nctId: string): string => `${STREAM_PREFIX}${nctId}`;

export const nctIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(STREAM_PREFIX) ? streamId.slice(STREAM_PREFIX.length) : null;

/**
 * Upcasters lift a stored payload of an older schema version to the current one, keyed `Type@version`.
 * Every event type is still at version 1, so the table is empty; a stored event of a version this code
 * does not know is refused rather than misread.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;
const UPCASTERS: Readonly<Record<string, Upcaster>> = {};

export const toTrialEvent = (recorded: RecordedEvent): TrialEvent => {
  const { type } = recorded;
  if (!isTrialEventType(type)) throw new Error(`Unknown event type ${type} at position ${recorded.position}`);
  let data = recorded.data;
  for (let v = recorded.schemaVersion; v < TRIAL_EVENT_SCHEMA_VERSIONS[type]; v++) {
    const upcaster = UPCASTERS[`${type}@${v}`];
    if (!upcaster) throw new Error(`No upcaster for ${type} from version ${v}`);
    data = upcaster(data);
  }
  if (recorded.schemaVersion > TRIAL_EVENT_SCHEMA_VERSIONS[type]) {
    throw new Error(`${type} version ${recorded.schemaVersion} is newer than this code understands`);
  }
  return { type, data } as TrialEvent;
};
