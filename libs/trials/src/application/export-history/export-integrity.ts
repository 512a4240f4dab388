import { EventStore, LogCheckpoints, RecordedEvent } from '@trial-ledger/event-store';
import { ChainLink, ExportCheckpoint, ExportIntegrity } from '@trial-ledger/compliance';
import { integrityOf, merkleProof, trialStreamId } from '@trial-ledger/ledger';

const linkOf = (event: RecordedEvent): ChainLink => {
  const integrity = integrityOf(event);
  const { integrity: _stored, ...metadata } = event.metadata;
  return { revision: event.revision, previousHash: integrity?.previousHash ?? null, hash: integrity?.hash ?? null, metadata };
};

/** The latest checkpoint with the trial's head at its position and the Merkle path from it to the signed root. */
const checkpointFor = async (checkpoints: LogCheckpoints | null, streamId: string): Promise<ExportCheckpoint | null> => {
  const latest = await checkpoints?.latest();
  if (!checkpoints || !latest) return null;
  const proof = merkleProof(await checkpoints.headsAt(latest.position), streamId);
  return proof && { id: latest.id, payload: latest.payload, signature: latest.signature, head: proof.head, proof: proof.path };
};

/** The chain links of the exported revisions, read from the log itself, and the signed head that covers them. */
export const exportIntegrity = async (
  store: EventStore,
  checkpoints: LogCheckpoints | null,
  nctId: string,
  revisions: number[],
): Promise<ExportIntegrity> => {
  const streamId = trialStreamId(nctId);
  const byRevision = new Map((await store.readStream(streamId)).map((e) => [e.revision, e]));
  const links = revisions.map((revision) => {
    const event = byRevision.get(revision);
    if (!event) throw new Error(`Revision ${revision} of ${nctId} is in the history but not in the log`);
    return linkOf(event);
  });
  return { streamId, links, checkpoint: await checkpointFor(checkpoints, streamId) };
};
