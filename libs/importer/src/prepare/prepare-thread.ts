import { parentPort, workerData } from 'node:worker_threads';
import { openImportSource } from '../source';
import { PreparedEntry, prepareEntry } from './prepare-entry';
import { PrepareMessage, PrepareThreadData } from './prepare-thread.protocol';

const port = parentPort;
if (port === null) throw new Error('prepare-thread runs as a worker thread of preparedInThread');
const { path, skip, chunk, window } = workerData as PrepareThreadData;

let credits = window;
let wake: (() => void) | null = null;
// Each message from the main thread says it took one chunk: one more may be sent.
port.on('message', () => {
  credits += 1;
  wake?.();
  wake = null;
});

const post = (message: PrepareMessage) => port.postMessage(message);

const run = async () => {
  const source = await openImportSource(path);
  const send = async (entries: PreparedEntry[]) => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
    post({ kind: 'entries', entries, fractionRead: source.fractionRead() });
  };
  let entries: PreparedEntry[] = [];
  for await (const entry of source.entries(skip)) {
    entries.push(prepareEntry(entry));
    if (entries.length < chunk) continue;
    await send(entries);
    entries = [];
  }
  if (entries.length > 0) await send(entries);
  post({ kind: 'done', fractionRead: source.fractionRead() });
};

run().catch((error: unknown) => post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
