import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { PROJECTIONS } from '@trial-ledger/runtime';
import { ProjectionHandler, rebuildReadModels } from '@trial-ledger/read-models';
import { CliIo } from '../cli-io';
import { RebuildProgress } from './rebuild-progress';

/**
 * Drops every read model and replays the whole log into it; `--resume` continues one that was interrupted.
 * Run it while the API and the worker are stopped. Progress on stderr, the outcome on stdout.
 */
export const rebuildCommand = async (app: INestApplicationContext, args: string[], io: CliIo): Promise<number> => {
  const resume = args.includes('--resume');
  const handlers = app.get<ProjectionHandler[]>(PROJECTIONS);
  const started = Date.now();
  const progress = new RebuildProgress(io.stderr, resume ? 'resuming' : 'rebuilding', io.stderr.isTTY === true);
  const store = app.get(EventStore);
  const count = await rebuildReadModels(store, handlers, (done, head, replayed) => progress.update(done, head, replayed), {
    resume,
  });
  progress.finish(count, await store.headPosition());
  io.stdout.write(`Rebuilt ${handlers.map((h) => h.name).join(', ')} from ${count} events in ${Date.now() - started} ms\n`);
  return 0;
};
