import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { EventApplyError } from '@trial-ledger/ledger';
import { ProjectionThreadData, ThreadReply, ThreadRequest } from './projection-thread.protocol';
import { SqliteProjections, openSqliteProjections } from './sqlite-projections';

/**
 * The projection thread: the embedded read models' projections on a connection of their own. It never opens
 * the event log; the starting process reads the log and hands it the batches (ThreadedProjections). It
 * imports only the projections' own modules, never the library's index: the index brings Nest, the HTTP
 * layer and every store's client (about 60 MiB more RSS in the scale bench: docs/benchmarks.md, round 4).
 */
const port = parentPort as MessagePort;
const { readModelFile } = workerData as ProjectionThreadData;
let projections: SqliteProjections | null = null;

// Opened on first use, and again after a failure to open: a read-model file that is away may come back.
const opened = () => (projections ??= openSqliteProjections(readModelFile));

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

const failureReply = (id: number, error: unknown): ThreadReply =>
  error instanceof EventApplyError
    ? { id, ok: false, reason: error.reason, event: error.event }
    : { id, ok: false, reason: error instanceof Error ? error.message : String(error) };

port.on('message', (request: ThreadRequest) => {
  perform(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies ThreadReply),
    (error: unknown) => port.postMessage(failureReply(request.id, error)),
  );
});
