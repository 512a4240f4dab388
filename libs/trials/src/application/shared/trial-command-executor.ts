import { Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventMetadata, EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '@trial-ledger/event-store';
import {
  DomainError,
  TRIAL_EVENT_SCHEMA_VERSIONS,
  TrialCommand,
  TrialEvent,
  TrialState,
  decide,
  evolve,
  initialState,
} from '@trial-ledger/domain';
import { CommandOutcomeLabel, Metrics } from '@trial-ledger/platform';
import { Clock } from '@trial-ledger/ledger';
import { IdGenerator } from '@trial-ledger/ledger';
import { CommandContext, CommandMeta, CommandOutcome } from '@trial-ledger/ledger';
import { chainEvents, extendHeadHash, headHashOf, integrityOf } from '@trial-ledger/ledger';
import { TrialSnapshot, TrialStateCache } from './trial-state-cache';
import { activeTraceContext } from './trace-context';
import { toTrialEvent, trialStreamId } from '@trial-ledger/ledger';

/** Raised when the caller's If-Match revision is not the trial's current one (HTTP 412). */
export class StaleRevisionError extends Error {
  constructor(
    readonly nctId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Trial ${nctId} is at revision ${actual}, not ${expected}`);
    this.name = 'StaleRevisionError';
  }
}

/** Raised when a command kept losing the race for its trial's stream. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly nctId: string,
    attempts: number,
  ) {
    super(`Trial ${nctId} changed concurrently ${attempts} times while the command was decided; retry it`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** Raised when an Idempotency-Key is sent again with a different command (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was already used for a different command`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The counter's outcome for a command that threw: a rule's refusal, a conflict (412 or too many lost races), or a failure. */
const outcomeOfError = (error: unknown): CommandOutcomeLabel => {
  if (error instanceof DomainError || error instanceof IdempotencyKeyReusedError) return 'refused';
  if (error instanceof StaleRevisionError || error instanceof ConcurrencyConflictError) return 'conflict';
  return 'failed';
};

const MAX_ATTEMPTS = 16;
/** Trials whose snapshot is kept; a few KB each. */
const CACHED_TRIALS = 10_000;

/**
 * Racers that all lost to the same winner would otherwise reload and collide again in lockstep; a random
 * pause, growing with the attempt, spreads them out (API processes sharing one store race across processes).
 */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 2 ** attempt * 4)));

const fingerprint = (command: TrialCommand): string => createHash('sha256').update(JSON.stringify(command)).digest('hex');

/** Commands with an Idempotency-Key or If-Match decide on the whole stream as stored, never on a snapshot. */
const usesSnapshots = (context: CommandContext): boolean => context.idempotencyKey === undefined && context.expectedRevision === undefined;

/**
 * Load → decide → append with the revision that was read. A conflict means another command won the
 * race; the command is decided again on the newer state (unless the caller pinned a revision with
 * If-Match), so a concurrent update is never lost and never applied on a state it was not decided on.
 */
@Injectable()
export class TrialCommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    // Absent where nothing serves metrics (the CLI): commands are then simply not counted.
    @Optional() private readonly metrics?: Metrics,
  ) {}

  private readonly snapshots = new TrialStateCache(CACHED_TRIALS);

  async execute(command: TrialCommand, meta: CommandMeta): Promise<CommandOutcome> {
    try {
      const outcome = await this.decideAndAppend(command, meta);
      this.metrics?.commands.inc({ command: command.type, outcome: outcome.replayed ? 'idempotent_replay' : 'accepted' });
      return outcome;
    } catch (error) {
      this.metrics?.commands.inc({ command: command.type, outcome: outcomeOfError(error) });
      throw error;
    }
  }

  private async decideAndAppend(command: TrialCommand, meta: CommandMeta): Promise<CommandOutcome> {
    const nctId = command.data.nctId;
    const commandId = this.ids.newId();
    // The command itself is the cause of its events; without a flow id it starts its own correlation.
    const context: CommandContext = { ...meta, commandId, correlationId: meta.correlationId ?? commandId, causationId: commandId };
    for (let attempt = 1; ; attempt++) {
      const current = await this.current(nctId, command, context);
      if ('replayed' in current) return current;
      const { state, revision } = current;
      if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
        throw new StaleRevisionError(nctId, context.expectedRevision, revision);
      }
      const events = decide(command, state, { today: this.clock.now().toISOString().slice(0, 10) });
      try {
        // Chained to the stream as just read: a retry after a lost race reloads and links to the newer head.
        return await this.append(command, current, events, context);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        this.snapshots.forget(nctId);
        if (context.expectedRevision !== undefined) throw new StaleRevisionError(nctId, context.expectedRevision, error.actual);
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError(nctId, attempt);
        await backOff(attempt);
      }
    }
  }

  async load(nctId: string, toRevision?: number): Promise<{ state: TrialState; revision: number; events: RecordedEvent[] }> {
    const events = await this.store.readStream(trialStreamId(nctId), { toRevision });
    const state = events.reduce((s, e) => evolve(s, toTrialEvent(e)), initialState());
    return { state, revision: events.length === 0 ? 0 : events[events.length - 1].revision, events };
  }

  /**
   * The trial as of the newest event in its stream: the snapshot this process kept, brought forward with the
   * events appended since (by any process). With an Idempotency-Key the whole stream is read, since the
   * command's earlier result, if any, is found in it (and returned instead); with If-Match too, so that a 412
   * is only ever decided on the stream as stored.
   */
  private async current(nctId: string, command: TrialCommand, context: CommandContext): Promise<TrialSnapshot | CommandOutcome> {
    if (!usesSnapshots(context)) {
      const { state, revision, events } = await this.load(nctId);
      return this.earlierResult(events, command, context) ?? { state, revision, headHash: headHashOf(events) };
    }
    const known = this.snapshots.get(nctId) ?? { state: initialState(), revision: 0, headHash: headHashOf([]) };
    const newer = await this.store.readStream(trialStreamId(nctId), { fromRevision: known.revision + 1 });
    if (newer.length === 0) return known;
    const snapshot = {
      state: newer.reduce((s, e) => evolve(s, toTrialEvent(e)), known.state),
      revision: newer[newer.length - 1].revision,
      headHash: extendHeadHash(known.headHash, newer),
    };
    this.snapshots.set(nctId, snapshot);
    return snapshot;
  }

  /**
   * The idempotency key is stored in the metadata of the events it produced, so the record of a
   * retried command is written atomically with its events; a concurrent duplicate loses the append race,
   * re-reads the stream and finds the first one's result here.
   */
  private earlierResult(stored: RecordedEvent[], command: TrialCommand, context: CommandContext): CommandOutcome | null {
    if (context.idempotencyKey === undefined) return null;
    const mine = stored.filter((e) => e.metadata.idempotencyKey === context.idempotencyKey && e.metadata.actor === context.actor);
    if (mine.length === 0) return null;
    if (mine[0].metadata.commandFingerprint !== fingerprint(command)) throw new IdempotencyKeyReusedError(context.idempotencyKey);
    const last = mine[mine.length - 1];
    return {
      nctId: command.data.nctId,
      revision: last.revision,
      position: last.position,
      eventIds: mine.map((e) => e.eventId),
      replayed: true,
      events: mine.map(toTrialEvent),
    };
  }

  private async append(
    command: TrialCommand,
    current: TrialSnapshot,
    events: TrialEvent[],
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const nctId = command.data.nctId;
    const { revision } = current;
    const recordedAt = this.clock.now().toISOString();
    const traceContext = activeTraceContext();
    const unchained: NewEvent[] = events.map((event) => {
      const eventId = this.ids.newId();
      return {
        eventId,
        type: event.type,
        schemaVersion: TRIAL_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data as unknown as Record<string, unknown>,
        metadata: this.metadata(eventId, recordedAt, context, command, traceContext),
      };
    });
    const toStore = chainEvents(trialStreamId(nctId), revision, current.headHash, unchained);
    const expected = revision === 0 ? 'no_stream' : revision;
    const append = () => this.store.appendToStream(trialStreamId(nctId), toStore, expected);
    const result = await (this.metrics ? this.metrics.timeAppend(append) : append());
    if (usesSnapshots(context) && this.snapshots.holds(nctId, current)) this.advanceSnapshot(nctId, current, toStore, result.nextRevision);
    return {
      nctId,
      revision: result.nextRevision,
      position: result.lastPosition,
      eventIds: toStore.map((e) => e.eventId),
      replayed: false,
      events,
    };
  }

  /**
   * The append succeeded at the revision this snapshot was read at, so the stream is now exactly the snapshot
   * plus these events: the next command on the trial need not read them back. They are folded as the store
   * will return them (through JSON), so the snapshot equals a replay. Only a snapshot the cache already
   * holds moves on: a trial enters the cache when a command first reads it, as before, so a stream of new
   * trials, or of commands pinned with If-Match, does not fill it for nothing.
   */
  private advanceSnapshot(nctId: string, current: TrialSnapshot, appended: NewEvent[], revision: number): void {
    const headHash = appended.length === 0 ? undefined : integrityOf(appended[appended.length - 1])?.hash;
    if (headHash === undefined) return;
    const state = appended.reduce(
      (s, e) => evolve(s, { type: e.type, data: JSON.parse(JSON.stringify(e.data)) } as TrialEvent),
      current.state,
    );
    this.snapshots.set(nctId, { state, revision, headHash });
  }

  private metadata(
    eventId: string,
    recordedAt: string,
    c: CommandContext,
    command: TrialCommand,
    traceContext: ReturnType<typeof activeTraceContext>,
  ): EventMetadata {
    const metadata: EventMetadata = {
      eventId,
      commandId: c.commandId,
      correlationId: c.correlationId,
      causationId: c.causationId,
      actor: c.actor,
      role: c.role,
      recordedAt,
    };
    if (c.effectiveDate !== undefined) metadata.effectiveDate = c.effectiveDate;
    if (c.reason !== undefined) metadata.reason = c.reason;
    if (c.idempotencyKey !== undefined) {
      metadata.idempotencyKey = c.idempotencyKey;
      metadata.commandFingerprint = fingerprint(command);
    }
    // Inside the hash chain like the rest of the metadata: the recorded trace cannot be swapped afterwards.
    return { ...metadata, ...traceContext };
  }
}
