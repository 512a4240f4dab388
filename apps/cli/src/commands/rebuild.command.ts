import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { PROJECTIONS } from '@trial-ledger/runtime';
import { ProjectionHandler, rebuildReadModels } from '@trial-ledger/read-models';
import { CliIo } from '../cli-io';

const bar = (done: number, head: number): string => {
  const ratio = head === 0 ? 1 : Math.min(1, done / head);
  const filled = Math.round(ratio * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${done}/${head}`;
};

/**
 * Drops every read model and replays the whole log into it; `--resume` continues one that was interrupted.
 * Run it while the API and the worker are stopped.
 */
export const rebuildCommand = async (app: INestApplicationContext, args: string[], io: CliIo): Promise<number> => {
  const resume = args.includes('--resume');
  const handlers = app.get<ProjectionHandler[]>(PROJECTIONS);
  const started = Date.now();
  const count = await rebuildReadModels(
    app.get(EventStore),
    handlers,
    (done, head) => {
      io.stderr.write(`\r${resume ? 'resuming' : 'rebuilding'} ${bar(done, head)}`);
    },
    { resume },
  );
  io.stderr.write('\n');
  io.stdout.write(`Rebuilt ${handlers.map((h) => h.name).join(', ')} from ${count} events in ${Date.now() - started} ms\n`);
  return 0;
};
