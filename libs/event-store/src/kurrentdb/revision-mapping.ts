import { ANY, CurrentStreamState, NO_STREAM, StreamState } from '@kurrent/kurrentdb-client';
import { ExpectedRevision, ReadStreamOptions } from '../event-store.port';

/*
 * The port counts a stream's events from 1 and calls an empty stream revision 0; KurrentDB numbers events from 0
 * and has no number for an empty stream (NO_STREAM). So port revision n is KurrentDB revision n − 1, and an
 * expectation of 0 events is NO_STREAM, not "revision −1".
 */

export const toKurrentRevision = (revision: number): bigint => BigInt(revision - 1);

export const fromKurrentRevision = (revision: bigint): number => Number(revision) + 1;

export const toStreamState = (expected: ExpectedRevision): StreamState => {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream' || expected === 0) return NO_STREAM;
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`Invalid expected revision: ${expected}`);
  return toKurrentRevision(expected);
};

/** The server reports deleted and tombstoned streams with negative markers; to the port they hold no events. */
export const fromCurrentState = (state: CurrentStreamState): number => (state === NO_STREAM || state < 0n ? 0 : fromKurrentRevision(state));

export interface StreamRange {
  fromRevision: bigint;
  maxCount: number;
}

/** An inclusive port range as a forward read; null when it cannot hold an event, so no call is made. */
export const toStreamRange = ({ fromRevision = 1, toRevision }: ReadStreamOptions): StreamRange | null => {
  const from = Math.max(1, fromRevision);
  const maxCount = toRevision === undefined ? Number.MAX_SAFE_INTEGER : toRevision - from + 1;
  return maxCount > 0 ? { fromRevision: toKurrentRevision(from), maxCount } : null;
};
