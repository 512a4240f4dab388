import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { LogWriter } from './log-writer';
import { PlannedCommand, longTrial, typicalTrial } from './trial-plans';

export interface LogShape {
  /** Typical trials, ten events each. */
  trials: number;
  /** One more trial with this many events, written after the others (0 = none). */
  longTrialEvents?: number;
}

/** Trials started together; a cohort's next step waits for the next wave, so a trial's events lie far apart in the log. */
const COHORT = 1000;

/** Appends queued in one go share one transaction (the store's group commit); awaited together. */
const writeWave = async (writer: LogWriter, commands: PlannedCommand[]): Promise<void> => {
  await Promise.all(commands.map((c) => writer.write(c)));
};

/**
 * Cohorts overlap the way a registry's trials do: in wave w, cohort c takes its step w - c, so about ten
 * cohorts are active at once and consecutive events of one trial are some ten thousand positions apart.
 */
const writeTypicalTrials = async (writer: LogWriter, trials: number): Promise<void> => {
  const cohorts = Math.ceil(trials / COHORT);
  const plans = new Map<number, PlannedCommand[][]>();
  for (let wave = 0; wave < cohorts + 10; wave += 1) {
    if (wave < cohorts) {
      const numbers = Array.from({ length: Math.min(COHORT, trials - wave * COHORT) }, (_, i) => wave * COHORT + i);
      plans.set(wave, numbers.map(typicalTrial));
    }
    const commands: PlannedCommand[] = [];
    for (const [cohort, plan] of plans) plan.forEach((steps) => steps[wave - cohort] && commands.push(steps[wave - cohort]));
    await writeWave(writer, commands);
    const done = wave - 9;
    if (plans.has(done)) {
      writer.forget(plans.get(done)!.map((steps) => steps[0].command.data.nctId));
      plans.delete(done);
    }
  }
};

/** The long trial's number: after every typical trial, so its NCT id sorts last. */
export const longTrialNumber = (shape: LogShape): number => shape.trials;

/** Writes the log into a new SQLite event store at `file` through the real adapter. */
export const writeTrialLog = async (file: string, shape: LogShape): Promise<void> => {
  const store = SqliteEventStore.open(file);
  const writer = new LogWriter(store);
  try {
    await writeTypicalTrials(writer, shape.trials);
    const long = longTrial(longTrialNumber(shape), shape.longTrialEvents ?? 0);
    for (let first = 0; first < (shape.longTrialEvents ?? 0); first += 2000) {
      await writeWave(writer, long.slice(first, first + 2000));
    }
  } finally {
    await store.close();
  }
};

let cacheDir: string | null = null;
const built = new Map<string, Promise<string>>();

const cache = (): string => {
  if (cacheDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'trial-ledger-bench-logs-'));
    cacheDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return cacheDir;
};

/** The generated log itself, written once per run for each shape; read it, never write to it. */
export const sharedTrialLog = (shape: LogShape, log: (m: string) => void): Promise<string> => {
  const key = `${shape.trials}-${shape.longTrialEvents ?? 0}`;
  if (!built.has(key)) {
    const path = join(cache(), `events-${key}.sqlite`);
    built.set(
      key,
      (async () => {
        const started = Date.now();
        await writeTrialLog(path, shape);
        log(`wrote the log ${key} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return path;
      })(),
    );
  }
  return built.get(key)!;
};

/** A private copy of the log, for a suite whose process may write to it (an API); no suite sees another's writes. */
export const copyOfTrialLog = async (file: string, shape: LogShape, log: (m: string) => void): Promise<void> => {
  const source = await sharedTrialLog(shape, log);
  copyFileSync(source, file);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
};
