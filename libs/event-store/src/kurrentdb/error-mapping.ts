import {
  convertToCommandError,
  CurrentStreamState,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { ExpectedRevision } from '../event-store.port';
import { DuplicateEventError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { fromCurrentState } from './revision-mapping';

export interface AppendContext {
  /** The port's stream id (not the namespaced server name), as callers know it. */
  streamId: string;
  expected: ExpectedRevision;
  eventIds: string[];
}

/*
 * Not-leader is here because the client does not follow a leader change for us: like a node being down, it is
 * the store, not the request, that cannot answer now (503, try again), which is what the port's unavailable
 * error tells the caller.
 */
const UNAVAILABLE = [UnavailableError, DeadlineExceededError, TimeoutError, NotLeaderError];

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Some calls reject with the raw gRPC error rather than the client's own (an append to a server that cannot
 * be reached does: status 14 with no class), so it goes through the client's converter first. The converter
 * assumes gRPC's fields are all there; when they are not, the error is left as it was.
 */
const normalise = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  try {
    return convertToCommandError(error);
  } catch {
    return error;
  }
};

/** Client errors of reads and subscriptions as port errors; anything the port has no word for passes through. */
export const toPortError = (error: unknown): Error => {
  const converted = normalise(error);
  if (!UNAVAILABLE.some((type) => converted instanceof type)) return asError(error);
  return new EventStoreUnavailableError(`KurrentDB cannot be reached: ${asError(error).message}`, converted);
};

/**
 * With an expected revision, a wrong-version answer is a conflict. With ANY there is no revision to conflict
 * with: the server's idempotency check gives that answer to ANY when the append's first ids are already stored
 * in the stream and the rest are not (a half-matching retry), which is a duplicate id.
 */
export const conflictError = (actual: CurrentStreamState, { streamId, expected, eventIds }: AppendContext): Error =>
  expected === 'any' ? new DuplicateEventError(eventIds[0]) : new WrongExpectedRevisionError(streamId, expected, fromCurrentState(actual));

export const toAppendError = (error: unknown, context: AppendContext): Error => {
  const converted = normalise(error);
  return converted instanceof WrongExpectedVersionError ? conflictError(converted.actualState, context) : toPortError(error);
};
