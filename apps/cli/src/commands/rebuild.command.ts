import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { PROJECTIONS } from '@trial-ledger/runtime';
import { ProjectionHandler, rebuildReadModels } from '@trial-ledger/trials';

const bar = (done: number, head: number): string => {
  const ratio = head === 0 ? 1 : Math.min(1, done / head);
  const filled = Math.round(ratio * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${done}/${head}`;
};

/** Drops every read model and replays the whole log into it. Run it while the API is stopped. */
export const rebuildCommand = async (app: INestApplicationContext): Promise<number> => {
  const handlers = app.get<ProjectionHandler[]>(PROJECTIONS);
  const started = Date.now();
  const count = await rebuildReadModels(app.get(EventStore), handlers, (done, head) => {
    process.stderr.write(`\rrebuilding ${bar(done, head)}`);
  });
  process.stderr.write('\n');
  process.stdout.write(`Rebuilt ${handlers.map((h) => h.name).join(', ')} from ${count} events in ${Date.now() - started} ms\n`);
  return 0;
};
