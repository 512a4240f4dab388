import { createHash } from 'node:crypto';
import { StreamHead } from '@trial-ledger/event-store';

/*
 * A Merkle tree over the heads of every stream, so that one trial's head can be shown to be in a signed checkpoint
 * with a few hashes instead of every head (an export carries that proof). Each hash is SHA-256 in hex over text, so
 * that `printf … | sha256sum` recomputes it (docs/audit.md):
 *   leaf = sha256("L <streamId> <revision> <head hash, or - when unchained>")
 *   node = sha256("N <left> <right>")
 * Leaves in stream-id order (code units); a level of odd length carries its last hash up unchanged.
 */

export interface ProofStep {
  /** Which side the sibling is on: the running hash h becomes sha256("N <hash> <h>") for L, ("N <h> <hash>") for R. */
  side: 'L' | 'R';
  hash: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const leafHash = (head: StreamHead): string => sha256(`L ${head.streamId} ${head.revision} ${head.hash ?? '-'}`);

export const nodeHash = (left: string, right: string): string => sha256(`N ${left} ${right}`);

/** The heads in the tree's order. */
export const orderedHeads = (heads: StreamHead[]): StreamHead[] =>
  [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));

const nextLevel = (level: string[]): string[] => {
  const next: string[] = [];
  for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
  return next;
};

/** The root over these heads (the empty log's: sha256("E")). */
export const merkleRoot = (heads: StreamHead[]): string => {
  let level = orderedHeads(heads).map(leafHash);
  if (level.length === 0) return sha256('E');
  while (level.length > 1) level = nextLevel(level);
  return level[0];
};

/** The path from `streamId`'s leaf to the root, null when the stream has no head among these. */
export const merkleProof = (heads: StreamHead[], streamId: string): { head: StreamHead; path: ProofStep[] } | null => {
  const ordered = orderedHeads(heads);
  let index = ordered.findIndex((h) => h.streamId === streamId);
  if (index < 0) return null;
  const head = ordered[index];
  const path: ProofStep[] = [];
  for (let level = ordered.map(leafHash); level.length > 1; level = nextLevel(level), index = Math.floor(index / 2)) {
    const sibling = index % 2 === 0 ? index + 1 : index - 1;
    if (sibling < level.length) path.push({ side: index % 2 === 0 ? 'R' : 'L', hash: level[sibling] });
  }
  return { head, path };
};

/** The root a proof leads to from a head. */
export const rootFromProof = (head: StreamHead, path: ProofStep[]): string =>
  path.reduce((h, step) => (step.side === 'L' ? nodeHash(step.hash, h) : nodeHash(h, step.hash)), leafHash(head));
