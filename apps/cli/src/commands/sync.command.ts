import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import { RegistryApiClient, RetryNotice } from '@trial-ledger/importer';
import { Clock } from '@trial-ledger/ledger';
import { AppConfig, syncPageCounter } from '@trial-ledger/platform';
import {
  NoSyncCursorError,
  RegistryRules,
  SyncOutcome,
  SyncTally,
  TrialCommandExecutor,
  openSyncCursorStore,
  syncRegistry,
} from '@trial-ledger/trials';
import { CliIo } from '../cli-io';
import { CliCommand } from '../program/cli-command';
import { EXIT } from '../program/exit-codes';
import { reportLine } from '../program/report-line';
import { servedMetrics } from '../program/served-metrics';
import { positiveNumber, wholeNumber } from '../program/values';

const pageLine = (t: Readonly<SyncTally>): string =>
  `syncing: page ${t.pages}, ${t.studies}${t.totalCount === null ? '' : `/${t.totalCount}`} studies, ${t.recorded} recorded, cursor ${t.cursor}\n`;

const retryLine = (n: RetryNotice): string =>
  `${n.page.url}: page ${n.page.number}: ${n.problem}; retry ${n.retry} in ${(n.waitMs / 1000).toFixed(1)} s\n`;

const summary = (o: SyncOutcome, ms: number): string => {
  const rate = Math.round((o.studies * 1000) / Math.max(1, ms));
  return (
    `${o.pages} pages, ${o.studies} studies read, ${o.recorded} recorded (${o.newTrials} new trials), ${o.issues} lines reported, ` +
    `cursor ${o.cursor} (from ${o.from}), in ${(ms / 1000).toFixed(1)} s (${rate} studies/s)\n`
  );
};

/** Why the run ended early, and where the next one starts. */
const stopLine = (o: SyncOutcome): string => {
  if (o.stopped === 'interrupted')
    return `sync interrupted after page ${o.pages}; the cursor is at ${o.cursor}, where the next sync goes on\n`;
  if (o.stopped === null) return '';
  const { page, message } = o.stopped;
  const token = page.pageToken === null ? '' : ` (pageToken ${page.pageToken})`;
  return `${page.url}: page ${page.number}${token}: ${message}; sync stopped, the cursor stays at ${o.cursor}\n`;
};

interface SyncOptions {
  since?: string;
  baseUrl?: string;
  pageSize?: number;
  rate?: number;
  actor: string;
}

interface Settings {
  since?: string;
  baseUrl: string;
  pageSize: number;
  requestsPerSecond: number;
  actor: string;
}

const dayValue = (raw: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  throw new InvalidArgumentError('It must be a day as yyyy-MM-dd.');
};

const urlValue = (raw: string): string => {
  if (/^https?:\/\/\S+$/.test(raw) && URL.canParse(raw)) return raw;
  throw new InvalidArgumentError('It must be an http(s) URL.');
};

/** The flags over the configured defaults. */
const settingsOf = (options: SyncOptions, config: AppConfig): Settings => ({
  since: options.since,
  baseUrl: options.baseUrl ?? config.sync.baseUrl,
  pageSize: options.pageSize ?? config.sync.pageSize,
  requestsPerSecond: options.rate ?? config.sync.requestsPerSecond,
  actor: options.actor,
});

/**
 * Records every study the registry changed since the saved cursor (or --since) as a registry observation, page by
 * page, and moves the cursor once a page's events are durable. Progress and reported lines on stderr, the summary
 * on stdout; exit 1 when a line was reported or the run stopped early (the good studies are recorded anyway), 2
 * for bad flags or a first run without --since.
 */
const sync = async (app: INestApplicationContext, options: SyncOptions, io: CliIo, config: AppConfig): Promise<number> => {
  const settings = settingsOf(options, config);
  const client = new RegistryApiClient({ ...settings, maxRetryMs: config.sync.maxRetryMs });
  const cursors = openSyncCursorStore(config.storage, config.dataDir);
  const started = Date.now();
  const countPage = syncPageCounter(servedMetrics(app, io.stderr));
  try {
    const outcome = await syncRegistry(
      app.get(TrialCommandExecutor),
      client,
      cursors,
      {
        actor: settings.actor,
        correlationId: `sync-${randomUUID()}`,
        unknownPolicy: app.get(RegistryRules).unknownPolicy,
        since: settings.since,
        today: app.get(Clock).now().toISOString().slice(0, 10),
        signal: io.signal,
      },
      {
        onIssue: (issue) => io.stderr.write(reportLine(issue)),
        onPageDone: (tally) => {
          countPage(tally);
          io.stderr.write(pageLine(tally));
        },
        onRetry: (notice) => io.stderr.write(retryLine(notice)),
      },
    );
    io.stderr.write(stopLine(outcome));
    io.stdout.write(summary(outcome, Date.now() - started));
    return outcome.issues === 0 && outcome.stopped === null ? EXIT.ok : EXIT.problem;
  } catch (error) {
    if (!(error instanceof NoSyncCursorError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  } finally {
    await cursors.close();
  }
};

export const syncCommand: CliCommand = {
  name: 'sync',
  stopsCleanly: true,
  servesMetrics: true,
  register(program, ctx) {
    program
      .command('sync')
      .description('record the studies ClinicalTrials.gov (API v2) changed since the saved cursor, page by page')
      .option('--since <yyyy-MM-dd>', 'start from this day instead of the saved cursor (the first sync needs it)', dayValue)
      .option('--base-url <url>', 'the registry API (default: SYNC_BASE_URL, ClinicalTrials.gov)', urlValue)
      .option('--page-size <n>', 'studies per page (default: SYNC_PAGE_SIZE, 1000)', wholeNumber(1, 1000))
      .option('--rate <requests/s>', 'requests per second (default: SYNC_RATE, 0.8)', positiveNumber(100, 'requests per second'))
      .option('--actor <name>', 'who the recorded events name', 'cli-sync')
      .action(ctx.action((options: SyncOptions) => ctx.withApp('sync', (app, config) => sync(app, options, ctx.io, config))));
  },
};
