import { createHash, generateKeyPairSync } from 'node:crypto';
import { StreamHead } from '@trial-ledger/event-store';
import { checkAgainstCheckpoint, signCheckpoint, signedPayload } from './log-checkpoint';
import { leafHash, merkleProof, merkleRoot, nodeHash, rootFromProof } from './merkle';

const hex = (n: number) => createHash('sha256').update(String(n)).digest('hex');
const heads = (count: number): StreamHead[] =>
  Array.from({ length: count }, (_, i) => ({
    streamId: `trial-NCT${String(90_000_000 - i).padStart(8, '0')}`,
    revision: i + 1,
    hash: hex(i),
  }));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Merkle tree over the stream heads', () => {
  it('given three heads, then the root is the documented text hashes, leaves in stream-id order, the odd one carried up', () => {
    const [c, b, a] = heads(3); // heads() counts down, so the ids come in reverse order
    const [la, lb, lc] = [a, b, c].map((h) => sha256(`L ${h.streamId} ${h.revision} ${h.hash}`));
    expect(leafHash(a)).toBe(la);
    expect(merkleRoot([c, b, a])).toBe(sha256(`N ${sha256(`N ${la} ${lb}`)} ${lc}`));
    expect(leafHash({ ...a, hash: null })).toBe(sha256(`L ${a.streamId} ${a.revision} -`));
  });

  it.each([1, 2, 5, 8, 13])('given %i heads, when each stream proves its head, then the proof leads to the root', (count) => {
    const all = heads(count);
    const root = merkleRoot(all);
    for (const head of all) {
      const proof = merkleProof(all, head.streamId);
      expect(proof?.head).toEqual(head);
      expect(rootFromProof(head, proof!.path)).toBe(root);
      expect(rootFromProof({ ...head, revision: head.revision - 1 }, proof!.path)).not.toBe(root);
    }
    expect(merkleProof(all, 'trial-NCT00000000')).toBeNull();
  });

  it('given a changed head, a removed stream or a swapped pair, then the root changes', () => {
    const all = heads(6);
    const root = merkleRoot(all);
    expect(merkleRoot(all.map((h, i) => (i === 3 ? { ...h, hash: hex(99) } : h)))).not.toBe(root);
    expect(merkleRoot(all.slice(1))).not.toBe(root);
    expect(nodeHash('a', 'b')).not.toBe(nodeHash('b', 'a'));
  });
});

describe('signed checkpoints', () => {
  const key = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const log = { position: 40, heads: heads(5) };
  const signed = { id: 1, ...signCheckpoint(log, key.privateKey, key.publicKey, new Date('2025-01-15T10:00:00Z')) };

  it('given a signed head, then its payload is canonical JSON naming position, streams, root and key', () => {
    expect(JSON.parse(signed.payload)).toEqual({
      version: 1,
      algorithm: 'ed25519',
      keyId: createHash('sha256')
        .update(key.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
      position: 40,
      streams: 5,
      root: merkleRoot(log.heads),
      createdAt: '2025-01-15T10:00:00.000Z',
    });
    expect(signed.payload).toMatch(/^\{"algorithm":"ed25519","createdAt":/);
    expect(signedPayload(signed, key.publicKey)).not.toBeNull();
  });

  it('given the log unchanged, or grown after the checkpoint, then it holds', () => {
    expect(checkAgainstCheckpoint(signed, key.publicKey, 40, log.heads).ok).toBe(true);
    expect(checkAgainstCheckpoint(signed, key.publicKey, 55, log.heads)).toEqual({
      ok: true,
      checkpointId: 1,
      position: 40,
      problem: null,
    });
  });

  it('given the trusted key is another, or the payload was edited, then the signature is refused', () => {
    expect(checkAgainstCheckpoint(signed, other.publicKey, 40, log.heads).problem).toBe(
      'its signature does not verify with the trusted public key',
    );
    const forged = signCheckpoint(log, other.privateKey, other.publicKey, new Date());
    expect(checkAgainstCheckpoint({ id: 2, ...forged }, key.publicKey, 40, log.heads).ok).toBe(false);
    const edited = { ...signed, payload: signed.payload.replace('"position":40', '"position":30') };
    expect(checkAgainstCheckpoint(edited, key.publicKey, 40, log.heads).ok).toBe(false);
    expect(checkAgainstCheckpoint({ ...signed, position: 30 }, key.publicKey, 40, log.heads).problem).toMatch(
      /stored position 30 is not the signed 40/,
    );
  });

  it('given a tail cut below the checkpoint, a stream gone or a head rewritten, then each is named', () => {
    expect(checkAgainstCheckpoint(signed, key.publicKey, 38, log.heads).problem).toMatch(/ends at position 38, before the checkpoint's 40/);
    expect(checkAgainstCheckpoint(signed, key.publicKey, 40, log.heads.slice(1)).problem).toMatch(
      /holds 4 streams at position 40, the checkpoint 5/,
    );
    const cut = log.heads.map((h, i) => (i === 2 ? { ...h, revision: h.revision - 1 } : h));
    expect(checkAgainstCheckpoint(signed, key.publicKey, 40, cut).problem).toMatch(/not those signed/);
    const rehashed = log.heads.map((h, i) => (i === 2 ? { ...h, hash: hex(77) } : h));
    expect(checkAgainstCheckpoint(signed, key.publicKey, 40, rehashed).problem).toMatch(/not those signed/);
  });
});
