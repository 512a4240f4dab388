import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ImportIssue, RegistryApiClient, RetryNotice } from '@trial-ledger/importer';
import { Clock } from '@trial-ledger/ledger';
import { AppConfig } from '@trial-ledger/platform';
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

const USAGE =
  'usage: npm run cli -- sync [--since <yyyy-MM-dd>] [--base-url <url>] [--page-size <1-1000>] [--rate <requests/s>] [--actor <name>]\n';

const line = (i: ImportIssue): string => `${i.file}: record ${i.record}, field ${i.field}: ${i.message}\n`;

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

interface Settings {
  since?: string;
  baseUrl: string;
  pageSize: number;
  requestsPerSecond: number;
  actor: string;
}

/** The flags over the configured defaults, or what is wrong with them. */
const settingsOf = (args: string[], config: AppConfig): Settings | string => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      'base-url': { type: 'string', default: config.sync.baseUrl },
      'page-size': { type: 'string', default: String(config.sync.pageSize) },
      rate: { type: 'string', default: String(config.sync.requestsPerSecond) },
      actor: { type: 'string', default: 'cli-sync' },
    },
  });
  const pageSize = Number(values['page-size']);
  const rate = Number(values.rate);
  const baseUrl = values['base-url'] as string;
  if (positionals.length > 0) return `unexpected ${positionals.join(' ')}`;
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since))
    return `--since must be a day as yyyy-MM-dd, got "${values.since}"`;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    return `--page-size must be a whole number from 1 to 1000, got "${values['page-size']}"`;
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100)
    return `--rate must be requests per second, more than 0 and at most 100, got "${values.rate}"`;
  if (!/^https?:\/\/\S+$/.test(baseUrl) || !URL.canParse(baseUrl)) return `--base-url must be an http(s) URL, got "${baseUrl}"`;
  return { since: values.since, baseUrl, pageSize, requestsPerSecond: rate, actor: values.actor as string };
};

/**
 * Records every study the registry changed since the saved cursor (or --since) as a registry observation, page by
 * page, and moves the cursor once a page's events are durable. Progress and reported lines on stderr, the summary
 * on stdout; exit 1 when a line was reported or the run stopped early (the good studies are recorded anyway), 2
 * for bad flags or a first run without --since.
 */
export const syncCommand = async (app: INestApplicationContext, args: string[], io: CliIo, config: AppConfig): Promise<number> => {
  const settings = settingsOf(args, config);
  if (typeof settings === 'string') {
    io.stderr.write(`${settings}\n${USAGE}`);
    return 2;
  }
  const client = new RegistryApiClient({ ...settings, maxRetryMs: config.sync.maxRetryMs });
  const cursors = openSyncCursorStore(config.storage, config.dataDir);
  const started = Date.now();
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
        onIssue: (issue) => io.stderr.write(line(issue)),
        onPageDone: (tally) => io.stderr.write(pageLine(tally)),
        onRetry: (notice) => io.stderr.write(retryLine(notice)),
      },
    );
    io.stderr.write(stopLine(outcome));
    io.stdout.write(summary(outcome, Date.now() - started));
    return outcome.issues === 0 && outcome.stopped === null ? 0 : 1;
  } catch (error) {
    if (!(error instanceof NoSyncCursorError)) throw error;
    io.stderr.write(`${error.message}\n${USAGE}`);
    return 2;
  } finally {
    await cursors.close();
  }
};
