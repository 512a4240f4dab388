import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LogFacts } from './log-facts';

export const MANIFEST_FORMAT = 'trial-ledger-backup';
/** The manifest's own layout. 2 added the access log: a build that knows only 1 would restore without it. */
export const MANIFEST_VERSION = 2;
/**
 * The event store's layout (the events table, and the signed checkpoints beside it) this build writes and reads.
 * A backup made by a build with a higher number is refused: this build could misread it.
 */
export const STORE_FORMAT = 1;

/** The access log's copy as the manifest records it: the record of who read the trails is a Part 11 record too. */
export interface AccessLogCopy {
  /** The copy's file name, beside the backup (`<file>.access-log`). */
  file: string;
  bytes: number;
  sha256: string;
  /** How many entries it holds, and the newest entry's id (0 when none). */
  entries: number;
  lastId: number;
}

/** What `cli backup` writes beside the copy, as `<file>.manifest.json` (docs/reliability.md gives the format). */
export interface BackupManifest extends LogFacts {
  format: typeof MANIFEST_FORMAT;
  manifestVersion: number;
  storeFormat: number;
  /** UTC, when the copy was taken. */
  createdAt: string;
  /** The copy's file name (the manifest lies beside it), its size and its SHA-256, hex. */
  file: string;
  bytes: number;
  sha256: string;
  /** The access log copied beside it; null when DATA_DIR had none; absent from a version 1 manifest. */
  accessLog?: AccessLogCopy | null;
}

export const manifestPathOf = (file: string): string => `${file}.manifest.json`;

export const sha256OfFile = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

/** A backup that cannot be restored, and why: the message is the operator's. */
export class BackupRefused extends Error {}

/** Reads the manifest beside `file` and refuses one that is missing, unreadable or from a newer build. */
export const readManifest = async (file: string): Promise<BackupManifest> => {
  const path = manifestPathOf(file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new BackupRefused(`${file}: no manifest (${path}); an interrupted backup leaves none, so this is no complete backup`);
  });
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw new BackupRefused(`${path} is not JSON: the manifest is damaged`);
  }
  if (manifest.format !== MANIFEST_FORMAT)
    throw new BackupRefused(`${path} is not a Trial Ledger backup manifest (format "${manifest.format}")`);
  const newer = newerThanThisBuild(manifest);
  if (newer !== null) throw new BackupRefused(`${file} comes from a newer schema version (${newer}); upgrade Trial Ledger to restore it`);
  return manifest as BackupManifest;
};

const newerThanThisBuild = (manifest: Partial<BackupManifest>): string | null => {
  if (!Number.isInteger(manifest.manifestVersion) || !Number.isInteger(manifest.storeFormat)) return 'the manifest has no version';
  if (manifest.manifestVersion! > MANIFEST_VERSION)
    return `manifest version ${manifest.manifestVersion}, this build reads up to ${MANIFEST_VERSION}`;
  if (manifest.storeFormat! > STORE_FORMAT) return `store format ${manifest.storeFormat}, this build reads up to ${STORE_FORMAT}`;
  return null;
};
