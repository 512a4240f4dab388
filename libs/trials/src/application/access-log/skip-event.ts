import { AccessEntry } from '@trial-ledger/compliance';
import { EventStore } from '@trial-ledger/event-store';
import { Clock, nctIdOfStream } from '@trial-ledger/ledger';
import { TrialReadModel } from '@trial-ledger/read-models';
import { AccessLog } from './access-log.port';
import { recordAccess } from './record-access';
import { RecordedSkips } from './recorded-skips';

export interface SkipRequest {
  position: number;
  reason: string;
  actor: string;
}

/** Why a skip was refused; nothing is recorded then. */
export class SkipRefused extends Error {}

const MAX_REASON = 2000;

/**
 * Records, on the access log, the operator's decision that the read models pass over the event at `position`
 * (docs/reliability.md): the projections read it at their next attempt and move past the event, applying nothing
 * of it. Only an event that is in the log, not yet applied by every read model and not skipped already.
 */
export const skipEvent = async (
  deps: { store: EventStore; readModel: TrialReadModel; log: AccessLog; clock: Clock },
  { position, reason, actor }: SkipRequest,
): Promise<AccessEntry> => {
  const why = reason.trim();
  if (why === '' || why.length > MAX_REASON) throw new SkipRefused(`--reason must be 1 to ${MAX_REASON} characters`);
  const [event] = await deps.store.readAll({ after: position - 1, maxCount: 1 });
  if (event?.position !== position) throw new SkipRefused(`The log holds no event at position ${position}`);
  const applied = await deps.readModel.position();
  if (position <= applied) throw new SkipRefused(`Every read model has applied position ${position} already (they are at ${applied})`);
  if ((await new RecordedSkips(deps.log).positions()).has(position)) throw new SkipRefused(`Position ${position} is skipped already`);
  return recordAccess(deps.log, deps.clock, {
    actor,
    role: 'operator',
    channel: 'cli',
    action: 'projection.skip',
    nctId: nctIdOfStream(event.streamId),
    parameters: { position, type: event.type, streamId: event.streamId, reason: why },
  });
};
