import { INestApplicationContext } from '@nestjs/common';
import { LogCheckpointer } from '@trial-ledger/runtime';
import { CliOutput } from '../cli-io';

/**
 * The log against its latest signed checkpoint, one line; false when it does not hold. A chain that verifies can
 * still have lost its newest events or have been rewritten with recomputed hashes: only the signature tells.
 */
export const checkLatestCheckpoint = async (app: INestApplicationContext, out: CliOutput): Promise<boolean> => {
  const checkpointer = app.get(LogCheckpointer);
  if (!checkpointer.keepsCheckpoints()) {
    out.write('No checkpoints on this event store (KurrentDB keeps none)\n');
    return true;
  }
  const check = await checkpointer.verifyLatest();
  if (check === null) {
    out.write('No signed checkpoint yet: a cut tail or a rewrite with recomputed hashes would go unnoticed (npm run cli -- checkpoint)\n');
    return true;
  }
  out.write(
    check.ok
      ? `checkpoint ${check.checkpointId} ok (position ${check.position}: signature and every stream's head)\n`
      : `checkpoint ${check.checkpointId} BROKEN at position ${check.position}: ${check.problem}\n`,
  );
  return check.ok;
};
