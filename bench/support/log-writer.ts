import { randomUUID } from 'node:crypto';
import { AppendResult, EventMetadata, EventStore, NewEvent } from '@trial-ledger/event-store';
import { TRIAL_EVENT_SCHEMA_VERSIONS, TrialState, decide, evolve, initialState } from '@trial-ledger/domain';
import { GENESIS_HASH, chainEvents, trialStreamId } from '@trial-ledger/ledger';
import { PlannedCommand } from './trial-plans';

interface StreamHead {
  state: TrialState;
  revision: number;
  hash: string;
}

/** Recorded times a minute apart, starting in 2020: a million events span about two years. */
export class BenchClock {
  constructor(
    private ms = Date.parse('2020-01-01T00:00:00.000Z'),
    private readonly stepMs = 60_000,
  ) {}

  tick(): string {
    this.ms += this.stepMs;
    return new Date(this.ms).toISOString();
  }
}

/**
 * Writes commands the way the command executor does — decide on the current state, metadata per event,
 * hash-chained to the stream's head, appended with the expected revision — but keeps each stream's head in
 * memory instead of re-reading it, and queues many appends at once so the store's group commit writes them
 * in one transaction. The stored events are the ones the API would have stored.
 */
export class LogWriter {
  private readonly heads = new Map<string, StreamHead>();

  constructor(
    private readonly store: EventStore,
    private readonly clock = new BenchClock(),
  ) {}

  /** Decides now and queues the append; await the promises of a whole wave together. */
  write({ command, meta }: PlannedCommand): Promise<AppendResult> {
    const streamId = trialStreamId(command.data.nctId);
    const head = this.heads.get(streamId) ?? { state: initialState(), revision: 0, hash: GENESIS_HASH };
    const events = decide(command, head.state);
    const commandId = randomUUID();
    const recordedAt = this.clock.tick();
    const unchained: NewEvent[] = events.map((event) => {
      const eventId = randomUUID();
      const metadata: EventMetadata = {
        eventId,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: meta.actor,
        role: meta.role,
        recordedAt,
      };
      if (meta.effectiveDate !== undefined) metadata.effectiveDate = meta.effectiveDate;
      if (meta.reason !== undefined) metadata.reason = meta.reason;
      return {
        eventId,
        type: event.type,
        schemaVersion: TRIAL_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data as unknown as Record<string, unknown>,
        metadata,
      };
    });
    const chained = chainEvents(streamId, head.revision, head.hash, unchained);
    const expected = head.revision === 0 ? 'no_stream' : head.revision;
    this.heads.set(streamId, {
      state: events.reduce(evolve, head.state),
      revision: head.revision + chained.length,
      hash: (chained[chained.length - 1].metadata.integrity as { hash: string }).hash,
    });
    return this.store.appendToStream(streamId, chained, expected);
  }

  /** Forgets finished streams, so that writing 100,000 trials does not hold 100,000 states. */
  forget(nctIds: string[]): void {
    nctIds.forEach((nctId) => this.heads.delete(trialStreamId(nctId)));
  }
}
