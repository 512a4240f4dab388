import archiver from 'archiver';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { realRecords } from '../../test/support/registry-corpus';
import { GENERATOR_VERSION, generatedEntry } from './registry-study';

/** Entries handed to the writer and not yet written: what the generator may run ahead of the disk. */
const AHEAD = 64;

/**
 * Writes studies 0..count-1 of the generated registry (registry-study.ts) as the registry's full download lays it
 * out, one `<NCT ID>.json` entry per study, generating each only when the writer is at most AHEAD entries behind:
 * memory holds a few dozen documents whatever the count. archiver writes zip64 past 65,535 entries or 4 GiB.
 */
export const writeGeneratedRegistryZip = async (path: string, count: number, seed: number, progress?: (written: number) => void) => {
  const records = realRecords();
  const archive = archiver('zip', { zlib: { level: 6 } });
  const out = createWriteStream(path);
  archive.pipe(out);
  let written = 0;
  archive.on('entry', () => {
    written += 1;
    if (written % 20_000 === 0) progress?.(written);
  });
  for (let n = 0; n < count; n += 1) {
    const [name, text] = generatedEntry(records, seed, n);
    archive.append(text, { name, date: new Date('2026-11-01T00:00:00Z') });
    while (n + 1 - written > AHEAD) await once(archive, 'entry');
  }
  await archive.finalize();
  await finished(out);
};

export interface RegistryCorpus {
  path: string;
  studies: number;
  seed: number;
  bytes: number;
  /** True when this run wrote it, false when an earlier run's file was reused. */
  fresh: boolean;
}

/**
 * The generated corpus of `studies` studies, from the cache (os.tmpdir(), or BENCH_CORPUS_DIR) when a run of the
 * same size, seed and generator version wrote it, else written there first (under a temporary name, renamed when
 * complete, so an interrupted run leaves no corpus that looks whole).
 */
export const registryCorpus = async (studies: number, seed: number, log: (m: string) => void): Promise<RegistryCorpus> => {
  const dir = process.env.BENCH_CORPUS_DIR ?? join(tmpdir(), 'trial-ledger-registry-corpus');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `registry-g${GENERATOR_VERSION}-s${seed}-${studies}.zip`);
  const fresh = !existsSync(path);
  if (fresh) {
    const partial = `${path}.${process.pid}.partial`;
    log(`generating ${studies.toLocaleString('en-US')} studies into ${path}`);
    try {
      await writeGeneratedRegistryZip(partial, studies, seed, (w) => log(`  ${w.toLocaleString('en-US')} studies written`));
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
    }
  }
  return { path, studies, seed, bytes: statSync(path).size, fresh };
};
