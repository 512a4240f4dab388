import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { AppConfig } from '@trial-ledger/platform';
import { ModelComparison, rebuildWithoutDowntime } from '@trial-ledger/read-models';
import { AccessLog, RecordedSkips } from '@trial-ledger/trials';
import { CliIo, CliOutput } from '../cli-io';
import { RebuildProgress } from './rebuild-progress';
import { shadowOf } from './rebuild/shadow-of';

// Enough to find them; the count says how many there are.
const LISTED_DIFFERENCES = 20;

const reportComparison = (out: CliOutput, { tables, compared, notCompared, differing }: ModelComparison): void => {
  out.write(`Compared with the live read models (rows live / rebuilt):\n`);
  for (const t of tables) out.write(`  ${t.table}: ${t.live} / ${t.shadow}\n`);
  out.write(`  trials compared: ${compared}; not compared (at another revision, or only in the rebuild): ${notCompared}\n`);
  const listed = differing.slice(0, LISTED_DIFFERENCES).join(', ');
  out.write(
    `  trials differing: ${differing.length}${differing.length > 0 ? ` (${listed}${differing.length > LISTED_DIFFERENCES ? ', …' : ''})` : ''}\n`,
  );
};

/**
 * Rebuilds every read model into a shadow copy while the API keeps serving the live ones, catches it up, compares
 * it with them, and swaps it in atomically; `--resume` continues the shadow an interrupted rebuild left. Progress
 * on stderr (each phase named), the comparison and the outcome on stdout.
 */
export const rebuildCommand = async (app: INestApplicationContext, args: string[], io: CliIo, config: AppConfig): Promise<number> => {
  const resume = args.includes('--resume');
  const started = Date.now();
  const progress = new RebuildProgress(io.stderr, resume ? 'resuming' : 'rebuilding', io.stderr.isTTY === true);
  const store = app.get(EventStore);
  const { shadow, release } = shadowOf(config);
  try {
    let head = 0;
    const result = await rebuildWithoutDowntime(
      store,
      shadow,
      {
        phase: (name) => progress.phase(name),
        batch: (done, passHead, replayed) => {
          head = passHead;
          progress.update(done, passHead, replayed);
        },
      },
      // The shadow passes over the events an operator skipped on the record, as the live projections do.
      { resume, skipped: await new RecordedSkips(app.get(AccessLog)).positions() },
    );
    progress.finish(result.replayed, Math.max(head, result.position));
    reportComparison(io.stdout, result.comparison);
    io.stdout.write(
      `Rebuilt the read models from ${result.replayed} events and swapped them in at position ${result.position} in ${Date.now() - started} ms\n`,
    );
    return 0;
  } finally {
    await release();
  }
};
