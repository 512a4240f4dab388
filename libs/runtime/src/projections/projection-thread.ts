import 'reflect-metadata';
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { openSqliteProjections } from '../engines/sqlite-engine';
import { ProjectionThreadData, ThreadReply, ThreadRequest } from './projection-thread.protocol';

/**
 * The projection thread: the embedded read models' projections on a connection of their own. It never opens
 * the event log; the starting process reads the log and hands it the batches (ThreadedProjections).
 */
const port = parentPort as MessagePort;
const { dataDir } = workerData as ProjectionThreadData;
let projections: ReturnType<typeof openSqliteProjections> | null = null;

// Opened on first use, and again after a failure to open: a read-model file that is away may come back.
const opened = () => (projections ??= openSqliteProjections(dataDir));

/** Every projection's checkpoint; the runner resumes from the lowest, and each skips what it has applied. */
const perform = async (request: ThreadRequest): Promise<number | undefined> => {
  switch (request.op) {
    case 'checkpoint': {
      const positions = await Promise.all(opened().handlers.map((h) => h.checkpoint()));
      return Math.min(...positions);
    }
    case 'handle':
      for (const handler of opened().handlers) await handler.handle(request.events);
      return undefined;
    case 'close':
      projections?.close();
      projections = null;
      return undefined;
    default:
      return unreachable(request);
  }
};

const unreachable = (value: never): never => {
  throw new Error(`Unknown request ${JSON.stringify(value)}`);
};

port.on('message', (request: ThreadRequest) => {
  perform(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies ThreadReply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, reason: error instanceof Error ? error.message : String(error) } satisfies ThreadReply),
  );
});
