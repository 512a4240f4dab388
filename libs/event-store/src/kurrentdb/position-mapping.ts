import { Position, ReadPosition, START } from '@kurrent/kurrentdb-client';

/*
 * KurrentDB positions are byte offsets of log records, {commit, prepare}, ordered by commit then prepare. What
 * the server guarantees (KurrentDB's AllReader / ResolvedEvent): an event written by an ordinary append (every
 * gRPC append, multi-event ones included) commits itself, so it sits at {commit: p, prepare: p} with its own p;
 * several events share a commit position only inside the legacy explicit transactions of the retired TCP
 * protocol, which this adapter never writes.
 *
 * A filtered subscription also reports checkpoints, and a checkpoint is not always an event's position: at a
 * page boundary it is {commit: c, prepare: 0}, meaning "everything before the record at c was considered"
 * while the record at c (perhaps one of our events) has not been. Using plain c would give that checkpoint the
 * same number as the event at c, and a subscriber that skips events at or before its checkpoint would lose it.
 *
 * So the port's number keeps the one distinction that matters, in its lowest bit:
 *   event at {p, p}                 → 2p + 1   ("through the record at p")
 *   checkpoint {c, q} with q ≥ c    → 2c + 1   (through c: c was considered)
 *   checkpoint {c, q} with q < c    → 2c       (everything before c, not c itself)
 * Order is kept, numbers are ≥ 1, and every number decodes to a position the server accepts: it is never
 * asked to start in the middle of a record, which it refuses as an invalid position. Numbers stay safe integers
 * while the log is under 2^52 bytes (4 PiB). An event that shares its commit position (an explicit
 * transaction) has no number of its own and is refused rather than given a colliding one.
 */

const MAX_OFFSET = BigInt(Math.floor((Number.MAX_SAFE_INTEGER - 1) / 2));

export class UnsupportedPositionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPositionError';
  }
}

const encode = (offset: bigint, through: boolean): number => {
  if (offset < 0n || offset > MAX_OFFSET)
    throw new UnsupportedPositionError(`Log offset ${offset} is outside the range a position can represent`);
  return Number(offset) * 2 + (through ? 1 : 0);
};

export const eventPosition = ({ commit, prepare }: Position): number => {
  if (commit !== prepare) {
    throw new UnsupportedPositionError(
      `Event at commit ${commit} / prepare ${prepare} belongs to an explicit transaction, which this adapter cannot number`,
    );
  }
  return encode(commit, true);
};

export const checkpointPosition = ({ commit, prepare }: Position): number => encode(commit, prepare >= commit);

/**
 * Where to start for "strictly after `after`". A subscription starts exclusively, so this is exact for it; a
 * read starts inclusively, so it may return the event numbered `after`, which the caller drops.
 */
export const readPositionAfter = (after: number): ReadPosition => {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`Invalid position: ${after}`);
  if (after === 0) return START;
  const offset = BigInt(Math.floor(after / 2));
  return { commit: offset, prepare: after % 2 === 1 ? offset : 0n };
};
