import { ImportIssue, RegistryApiClient, RegistryPageError, RetryNotice, StudyPage, parseDocument } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { ImportOptions, importSnapshot } from '../import/import-snapshot';
import { CursorTracker, isDay, lastUpdatePostDateOf } from './sync-cursor';
import { SyncCursorStore } from './sync-cursor-store.port';

/** Studies of one page recorded at once: their appends share the store's group commit instead of one sync each. */
const STUDIES_IN_FLIGHT = 64;

export interface SyncOptions extends ImportOptions {
  /** The first day to ask for; the saved cursor when absent, which the first run does not have. */
  since?: string;
  /** The UTC day the run began (yyyy-MM-dd), from the caller's clock: the cursor never passes the day before it. */
  today: string;
  /** Stops the run after the page in hand, its events durable and its cursor saved. */
  signal?: AbortSignal;
}

export interface SyncTally {
  /** The first day asked for, and the cursor now saved. */
  from: string;
  cursor: string;
  pages: number;
  /** As the registry's first page counted them (countTotal). */
  totalCount: number | null;
  studies: number;
  recorded: number;
  newTrials: number;
  issues: number;
}

export interface SyncOutcome extends SyncTally {
  /** Why the run ended before the last page: the signal, or the page it could not use. Null when it read them all. */
  stopped: 'interrupted' | RegistryPageError | null;
}

export interface SyncHooks {
  onIssue(issue: ImportIssue): void;
  /** After each page, its events durable and the cursor saved. */
  onPageDone?(tally: Readonly<SyncTally>): unknown;
  onRetry?(notice: RetryNotice): void;
}

/** No cursor is saved for this registry and no first day was given: the run would not know where to start. */
export class NoSyncCursorError extends Error {
  constructor(readonly registry: string) {
    super(`no sync cursor is saved for ${registry}: the first sync needs --since <yyyy-MM-dd>, the LastUpdatePostDate to start from`);
    this.name = 'NoSyncCursorError';
  }
}

/** The page a study failed on is named as where it is, for the reported line and the version's source. */
const sourceOf = (from: string, page: StudyPage, index: number): string =>
  `ClinicalTrials.gov API v2 studies updated since ${from}, page ${page.number}, study #${index}`;

interface StudyOutcome {
  versions: number;
  recorded: number;
  newTrials: number;
  issues: ImportIssue[];
}

/** The importer's reading of one study, then the bulk import's path for each version it holds. */
const recordStudy = async (executor: TrialCommandExecutor, study: unknown, source: string, options: ImportOptions) => {
  const parsed = parseDocument(study, source);
  const outcome: StudyOutcome = { versions: 0, recorded: 0, newTrials: 0, issues: [...parsed.issues] };
  for (const snapshot of parsed.snapshots) {
    const done = await importSnapshot(executor, { ...snapshot, source }, options);
    outcome.versions += 1;
    outcome.recorded += done.recorded ? 1 : 0;
    outcome.newTrials += done.newTrial ? 1 : 0;
    outcome.issues.push(...done.issues);
  }
  return outcome;
};

/** `work` on every item, at most `limit` at once; the answers in the items' order. */
const inWindow = async <T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

const startOf = async (cursors: SyncCursorStore, registry: string, since: string | undefined): Promise<string> => {
  if (since !== undefined) {
    if (!isDay(since)) throw new RangeError(`--since must be a day as yyyy-MM-dd, got "${since}"`);
    return since;
  }
  const saved = await cursors.load(registry);
  if (saved === null) throw new NoSyncCursorError(registry);
  return saved;
};

/**
 * Asks the registry for every study updated on or after the cursor's day and records each as a registry
 * observation, through the bulk import's path (importSnapshot: a version already recorded appends nothing). A bad
 * study is reported and the rest of its page goes on; a page the run cannot use stops it there. The cursor is saved
 * after each page, once every event of that page is durable, and never past a page not done. While a page is being
 * recorded the next one is already asked for.
 */
export const syncRegistry = async (
  executor: TrialCommandExecutor,
  client: RegistryApiClient,
  cursors: SyncCursorStore,
  options: SyncOptions,
  hooks: SyncHooks,
): Promise<SyncOutcome> => {
  const { since, today, signal, ...meta } = options;
  const registry = client.baseUrl;
  const from = await startOf(cursors, registry, since);
  let saved = since === undefined ? from : await cursors.load(registry);
  const tracker = new CursorTracker(from, today);
  const tally: SyncTally = { from, cursor: saved ?? from, pages: 0, totalCount: null, studies: 0, recorded: 0, newTrials: 0, issues: 0 };
  const save = async (day: string) => {
    if (day !== saved) await cursors.save(registry, day);
    saved = day;
    tally.cursor = day;
  };
  // Ends a page still being fetched (and retried) when the run ends without it, whatever the reason.
  const done = new AbortController();
  const fetching = signal ? AbortSignal.any([signal, done.signal]) : done.signal;
  const ask = (number: number, token: string | null) => {
    const pending = client.fetchPage(from, number, token, fetching, hooks.onRetry);
    // Awaited once the page before it is recorded; until then a failure must not count as unhandled.
    pending.catch(() => undefined);
    return pending;
  };
  let pending: Promise<StudyPage> | null = ask(1, null);
  try {
    while (pending !== null) {
      const page: StudyPage = await pending;
      pending = page.nextPageToken === null ? null : ask(page.number + 1, page.nextPageToken);
      tally.totalCount ??= page.totalCount;
      const outcomes = await inWindow(page.studies, STUDIES_IN_FLIGHT, (study, i) =>
        recordStudy(executor, study, sourceOf(from, page, i), meta),
      );
      for (const [i, outcome] of outcomes.entries()) {
        tracker.see(lastUpdatePostDateOf(page.studies[i]));
        tally.studies += 1;
        tally.recorded += outcome.recorded;
        tally.newTrials += outcome.newTrials;
        tally.issues += outcome.issues.length;
        outcome.issues.forEach((issue) => hooks.onIssue(issue));
      }
      tally.pages += 1;
      await save(pending === null ? tracker.atEnd() : tracker.afterPage());
      await hooks.onPageDone?.(tally);
      if (signal?.aborted) return { ...tally, stopped: 'interrupted' };
    }
    return { ...tally, stopped: null };
  } catch (error) {
    if (signal?.aborted) return { ...tally, stopped: 'interrupted' };
    if (!(error instanceof RegistryPageError)) throw error;
    return { ...tally, stopped: error };
  } finally {
    done.abort();
  }
};
