import { createHash } from 'node:crypto';
import { NewEvent, RecordedEvent } from '@trial-ledger/event-store';

/*
 * Tamper evidence (21 CFR Part 11 §11.10(e)). Each event's metadata carries `integrity`: a SHA-256 over the
 * event's canonical content and the hash of the event before it in its stream, so altering, removing or
 * moving a stored event breaks the chain at that revision. Positions are not hashed: they belong to the
 * store (an export or a migration to another engine renumbers them), the stream revision does not.
 *
 * What a per-stream chain cannot show by itself (see docs/audit.md):
 *  - the newest events removed together (truncation of the tail), or a whole stream removed: what is left
 *    is still a valid chain. Comparing with the read model would not prove anything (whoever can rewrite
 *    the log can rewrite the read model), so we only expose the head hash for an auditor to anchor outside.
 *  - a consistent rewrite: the hash has no secret, so someone who edits an event and recomputes every
 *    later hash leaves a valid chain. Only a head hash kept elsewhere (or a signature) catches that.
 */

export const HASH_ALGORITHM = 'sha256';
/** The previousHash of revision 1: a fixed value, so the first event is chained like any other. */
export const GENESIS_HASH = '0'.repeat(64);

export interface EventIntegrity {
  algorithm: typeof HASH_ALGORITHM;
  previousHash: string;
  hash: string;
}

export interface ChainVerification {
  verified: boolean;
  events: number;
  firstBrokenRevision: number | null;
  problem: string | null;
  /** The hash of the newest event when the chain holds: record it elsewhere to detect a later truncation or rewrite. */
  headHash: string | null;
}

/** The content an event's hash covers. */
export type HashedEvent = Pick<RecordedEvent, 'streamId' | 'revision' | 'eventId' | 'type' | 'schemaVersion' | 'data' | 'metadata'>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Sorted keys, no whitespace, arrays in order. It mirrors JSON.stringify (toJSON, undefined keys dropped,
 * undefined in arrays as null) so that the hash of what is appended equals the hash of what is read back.
 */
export const canonicalJson = (value: unknown): string => {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  // Built with loops and one string: every appended event and every verified one goes through here.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += `${i === 0 ? '' : ','}${item === undefined ? 'null' : canonicalJson(item)}`;
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.toJSON === 'function') return canonicalJson(object.toJSON());
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined || typeof item === 'function') continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
};

/** The integrity block as stored, or null when it is missing or not one this code can check. */
export const integrityOf = (event: Pick<NewEvent, 'metadata'>): EventIntegrity | null => {
  const integrity = event.metadata.integrity;
  if (!isPlainObject(integrity) || integrity.algorithm !== HASH_ALGORITHM) return null;
  if (typeof integrity.previousHash !== 'string' || typeof integrity.hash !== 'string') return null;
  return integrity as unknown as EventIntegrity;
};

/** SHA-256 over the canonical JSON of `content` with `previousHash` beside its fields: one link of a chain. */
export const linkHash = (content: Record<string, unknown>, previousHash: string): string =>
  createHash(HASH_ALGORITHM)
    .update(canonicalJson({ ...content, previousHash }))
    .digest('hex');

export const eventHash = (event: HashedEvent, previousHash: string): string => {
  // The integrity block cannot cover itself; everything else in the metadata (actor, reason, times) is covered.
  const { integrity: _integrity, ...metadata } = event.metadata;
  const { streamId, revision, eventId, type, schemaVersion, data } = event;
  return linkHash({ streamId, revision, eventId, type, schemaVersion, data, metadata }, previousHash);
};

/**
 * The hash a new event must link to: the newest stored event's own hash, as stored. A stream begun before
 * this feature has no stored hashes; its events are hashed here so the first chained event seals them.
 */
export const headHashOf = (stored: RecordedEvent[]): string => extendHeadHash(GENESIS_HASH, stored);

/** The head hash after `newer`, the events that follow an event whose hash was `previous`. */
export const extendHeadHash = (previous: string, newer: RecordedEvent[]): string =>
  newer.reduce((hash, event) => integrityOf(event)?.hash ?? eventHash(event, hash), previous);

/** The events to append after `revision`, each with its integrity block linked to the one before. */
export const chainEvents = (streamId: string, revision: number, previousHash: string, events: NewEvent[]): NewEvent[] => {
  let previous = previousHash;
  return events.map((event, i) => {
    const hash = eventHash({ ...event, streamId, revision: revision + i + 1 }, previous);
    const integrity: EventIntegrity = { algorithm: HASH_ALGORITHM, previousHash: previous, hash };
    previous = hash;
    return { ...event, metadata: { ...event.metadata, integrity } };
  });
};

const broken = (events: number, revision: number, problem: string): ChainVerification => ({
  verified: false,
  events,
  firstBrokenRevision: revision,
  problem,
  headHash: null,
});

/** The revision an event's stored hash was computed for, searched only once a link has failed. */
const recordedRevision = (event: RecordedEvent, integrity: EventIntegrity, upTo: number): number | null => {
  for (let revision = 1; revision <= upTo; revision++) {
    if (eventHash({ ...event, revision }, integrity.previousHash) === integrity.hash) return revision;
  }
  return null;
};

interface StreamFacts {
  hashes: Set<string>;
  maxRevision: number;
}

/** A failed link is either an event moved to another revision (its hash still fits its old one) or a gap in the chain. */
const linkProblem = (event: RecordedEvent, integrity: EventIntegrity, facts: StreamFacts): string => {
  const origin = recordedRevision(event, integrity, facts.maxRevision + 1);
  const predecessorGone = integrity.previousHash !== GENESIS_HASH && !facts.hashes.has(integrity.previousHash);
  if (origin !== null && origin !== event.revision) {
    const note = predecessorGone ? '; the event recorded before it is no longer in the stream' : '';
    return `out of order: the event stored as revision ${event.revision} was recorded as revision ${origin}${note}`;
  }
  return `link broken: its previousHash is not the hash of revision ${event.revision - 1} (that event was removed, replaced or re-hashed)`;
};

/** Checks one event against the one before it; null when it holds. */
const checkEvent = (event: RecordedEvent, expected: number, previousHash: string, facts: StreamFacts): string | null => {
  if (event.revision < expected) return `out of order: revision ${event.revision} comes after revision ${expected - 1}`;
  if (event.revision > expected) return `revision missing: revision ${expected} is not in the stream (the next one is ${event.revision})`;
  const integrity = integrityOf(event);
  if (!integrity) return 'unchained: the event has no integrity data (stored before tamper evidence, or stripped)';
  if (integrity.previousHash !== previousHash) return linkProblem(event, integrity, facts);
  if (eventHash(event, previousHash) !== integrity.hash) return 'content altered: the event does not match its hash';
  return null;
};

/**
 * Recomputes one stream's chain, in the order given (readStream order), and names the first revision that
 * does not hold. A missing revision is reported at the missing number, a moved event where it now sits.
 */
export const verifyChain = (events: RecordedEvent[]): ChainVerification => {
  const facts: StreamFacts = {
    hashes: new Set(events.map((e) => integrityOf(e)?.hash ?? '')),
    maxRevision: events.reduce((max, e) => Math.max(max, e.revision), events.length),
  };
  let previousHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expected = index + 1;
    const problem = checkEvent(event, expected, previousHash, facts);
    if (problem !== null) return broken(events.length, Math.min(event.revision, expected), problem);
    previousHash = integrityOf(event)!.hash;
  }
  return {
    verified: true,
    events: events.length,
    firstBrokenRevision: null,
    problem: null,
    headHash: events.length > 0 ? previousHash : null,
  };
};
