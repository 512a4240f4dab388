import { AccessEntry, NewAccessEntry } from '@trial-ledger/compliance';
import { GENESIS_HASH, linkHash } from '@trial-ledger/ledger';

/** An entry as stored, with its link: null in both for an entry recorded before the access log was chained. */
export interface ChainedAccessEntry extends AccessEntry {
  previousHash: string | null;
  hash: string | null;
}

/** What an entry's hash covers: everything it says, never its id (the store's numbering, like an event's position). */
export const accessEntryHash = ({ at, actor, role, channel, action, nctId, parameters }: NewAccessEntry, previousHash: string): string =>
  linkHash({ at, actor, role, channel, action, nctId, parameters }, previousHash);

/** The hash a new entry links to: the newest entry's, or the genesis value when none is chained yet. */
export const nextLink = (newestHash: string | null | undefined): string => newestHash ?? GENESIS_HASH;

export interface AccessChainCheck {
  ok: boolean;
  /** Entries read, and how many of them, all before the first chained one, carry no hash (recorded before the chain). */
  entries: number;
  unchained: number;
  brokenAtId: number | null;
  problem: string | null;
  headHash: string | null;
}

/** Walks the entries in id order; the first that does not link to the one before, or whose hash is not its content's, breaks it. */
export const verifyAccessChain = (entries: ChainedAccessEntry[]): AccessChainCheck => {
  let previous = GENESIS_HASH;
  let chained = false;
  let unchained = 0;
  const broken = (e: ChainedAccessEntry, problem: string): AccessChainCheck => ({
    ok: false,
    entries: entries.length,
    unchained,
    brokenAtId: e.id,
    problem,
    headHash: null,
  });
  for (const e of entries) {
    if (e.hash === null) {
      if (chained) return broken(e, 'no hash on an entry after chained ones');
      unchained += 1;
      continue;
    }
    chained = true;
    if (e.previousHash !== previous) return broken(e, 'it does not link to the entry before it (an entry removed or inserted)');
    if (accessEntryHash(e, previous) !== e.hash) return broken(e, 'content altered');
    previous = e.hash;
  }
  return { ok: true, entries: entries.length, unchained, brokenAtId: null, problem: null, headHash: chained ? previous : null };
};
