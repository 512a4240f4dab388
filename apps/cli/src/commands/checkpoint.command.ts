import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@trial-ledger/platform';
import { LogCheckpointer, signingKey } from '@trial-ledger/runtime';
import { CliIo } from '../cli-io';

/**
 * Signs the log's head now and stores the checkpoint (`--public-key`: prints the public key that verifies the
 * checkpoints, PEM, for the auditors to keep; it makes the key pair when there is none yet).
 */
export const checkpointCommand = async (app: INestApplicationContext, args: string[], io: CliIo, config: AppConfig): Promise<number> => {
  if (args.includes('--public-key')) {
    io.stdout.write(signingKey(config.storage.checkpoints, config.dataDir).publicKey.export({ type: 'spki', format: 'pem' }).toString());
    return 0;
  }
  const signed = await app.get(LogCheckpointer).checkpointNow();
  const { streams, root, keyId } = JSON.parse(signed.payload) as { streams: number; root: string; keyId: string };
  io.stdout.write(`Checkpoint ${signed.id} signed at position ${signed.position}: ${streams} streams, root ${root}, key ${keyId}\n`);
  return 0;
};
