import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointConfig } from '@trial-ledger/platform';

export const DEFAULT_KEY_FILE = 'checkpoint-key.pem';
export const DEFAULT_PUBLIC_KEY_FILE = 'checkpoint-key.pub.pem';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const ed25519 = (key: KeyObject, file: string): KeyObject => {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${file} holds a ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
  return key;
};

/** A new key pair in DATA_DIR: the private key owner-only, the public key beside it for the auditors. */
const generate = (dataDir: string): void => {
  mkdirSync(dataDir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(dataDir, DEFAULT_KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(join(dataDir, DEFAULT_PUBLIC_KEY_FILE), publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
};

/**
 * The key the service signs with: CHECKPOINT_KEY_FILE, which must exist, or else DATA_DIR/checkpoint-key.pem,
 * made on first use (with checkpoint-key.pub.pem beside it).
 */
export const signingKey = (config: CheckpointConfig | undefined, dataDir: string): SigningKey => {
  const file = config?.keyFile ?? join(dataDir, DEFAULT_KEY_FILE);
  if (!config?.keyFile && !existsSync(file)) generate(dataDir);
  const privateKey = ed25519(createPrivateKey(readFileSync(file)), file);
  return { privateKey, publicKey: createPublicKey(privateKey) };
};

/**
 * The public key `verify` trusts: CHECKPOINT_PUBLIC_KEY_FILE (the auditors' copy), or else the signing key's own;
 * null when neither exists (nothing was ever signed here).
 */
export const trustedPublicKey = (config: CheckpointConfig | undefined, dataDir: string): KeyObject | null => {
  if (config?.publicKeyFile) return ed25519(createPublicKey(readFileSync(config.publicKeyFile)), config.publicKeyFile);
  const file = config?.keyFile ?? join(dataDir, DEFAULT_KEY_FILE);
  return existsSync(file) ? ed25519(createPublicKey(createPrivateKey(readFileSync(file))), file) : null;
};
