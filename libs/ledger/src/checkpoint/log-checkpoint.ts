import { KeyObject, createHash, sign, verify } from 'node:crypto';
import { LogSnapshot, StoredCheckpoint, StreamHead } from '@trial-ledger/event-store';
import { canonicalJson } from '../hash-chain';
import { merkleRoot } from './merkle';

/*
 * A signed checkpoint: the service's Ed25519 signature over the log's head, so that a chain cut short or rewritten
 * with recomputed hashes after it no longer matches what was signed. The payload is canonical JSON (the exact bytes
 * signed, stored and exported as text), the signature base64. Whoever holds the public key checks it, with
 * `openssl pkeyutl -verify -rawin` too.
 */

export const CHECKPOINT_VERSION = 1;

export interface CheckpointPayload {
  version: typeof CHECKPOINT_VERSION;
  algorithm: 'ed25519';
  /** Of the public key that verifies it: sha256 of its DER (SubjectPublicKeyInfo), hex. */
  keyId: string;
  /** The log's position it covers: every event at or before it. */
  position: number;
  streams: number;
  /** Merkle root over every stream's head at `position` (merkle.ts). */
  root: string;
  createdAt: string;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

/** The payload and signature to store for this snapshot of the log. */
export const signCheckpoint = (snapshot: LogSnapshot, privateKey: KeyObject, publicKey: KeyObject, createdAt: Date) => {
  const payload: CheckpointPayload = {
    version: CHECKPOINT_VERSION,
    algorithm: 'ed25519',
    keyId: keyIdOf(publicKey),
    position: snapshot.position,
    streams: snapshot.heads.length,
    root: merkleRoot(snapshot.heads),
    createdAt: createdAt.toISOString(),
  };
  const text = canonicalJson(payload);
  return { position: snapshot.position, payload: text, signature: sign(null, Buffer.from(text), privateKey).toString('base64') };
};

/** The payload when the signature holds for this key, null otherwise (another key, an altered payload). */
export const signedPayload = (
  checkpoint: Pick<StoredCheckpoint, 'payload' | 'signature'>,
  publicKey: KeyObject,
): CheckpointPayload | null => {
  const holds = verify(null, Buffer.from(checkpoint.payload), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  return holds ? (JSON.parse(checkpoint.payload) as CheckpointPayload) : null;
};

export interface CheckpointCheck {
  ok: boolean;
  checkpointId: number;
  position: number;
  /** What does not hold, in words; null when ok. */
  problem: string | null;
}

/**
 * Checks the log against its latest checkpoint: the signature with the trusted key, the stored row against what
 * was signed, and the heads the log has now at the checkpoint's position against the signed root. A tail cut
 * below the checkpoint, a stream removed, or a rewrite with recomputed hashes changes a head, so the root.
 */
export const checkAgainstCheckpoint = (
  checkpoint: StoredCheckpoint,
  publicKey: KeyObject,
  headPosition: number,
  headsNow: StreamHead[],
): CheckpointCheck => {
  const result = (problem: string | null): CheckpointCheck => ({
    ok: problem === null,
    checkpointId: checkpoint.id,
    position: checkpoint.position,
    problem,
  });
  const payload = signedPayload(checkpoint, publicKey);
  if (!payload) return result('its signature does not verify with the trusted public key');
  if (payload.position !== checkpoint.position)
    return result(`its stored position ${checkpoint.position} is not the signed ${payload.position}`);
  if (headPosition < payload.position)
    return result(`the log ends at position ${headPosition}, before the checkpoint's ${payload.position}: its tail was cut`);
  if (headsNow.length !== payload.streams)
    return result(`the log holds ${headsNow.length} streams at position ${payload.position}, the checkpoint ${payload.streams}`);
  if (merkleRoot(headsNow) !== payload.root)
    return result(`the heads of the streams at position ${payload.position} are not those signed: events were removed or rewritten`);
  return result(null);
};
