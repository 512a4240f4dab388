import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RecordedEvent, SqliteEventStore } from '@trial-ledger/event-store';
import { TrialReadModel } from '../ports/read-model.port';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { Checkpoints } from './read-model-db';
import { openSqliteProjections } from './sqlite-projections';
import { SqliteTrialReadModel } from './sqlite-trial-read-model';
import { ThreadedProjectionRunner } from './threaded-projection-runner';
import { ThreadedProjections } from './threaded-projections';

const progressed = (runner: ThreadedProjectionRunner, readModel: TrialReadModel, position: number): Promise<void> =>
  new Promise((resolve) => {
    const check = async () => {
      if ((await readModel.position()) < position) return;
      off();
      resolve();
    };
    const off = runner.onProgress(() => void check());
    void check();
  });

describe('the embedded projections in a thread of their own', () => {
  let dataDir: string;
  let readModelFile: string;
  let store: SqliteEventStore;
  const stream = new StreamBuilder();
  const append = async (nctId: string): Promise<RecordedEvent> => {
    const { streamId, revision: _revision, position: _position, ...event } = stream.record(registered(nctId));
    const [recorded] = await store.readAll({
      after: (await store.appendToStream(streamId, [event], 'no_stream')).lastPosition - 1,
      maxCount: 1,
    });
    return recorded;
  };
  /** How far both projections have come, read on this thread's own connection without yielding. */
  const checkpointsOf = (db: Database.Database) => {
    const checkpoints = new Checkpoints(db);
    return () => Math.min(checkpoints.get('trial-view'), checkpoints.get('trial-history'));
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projection-thread-'));
    readModelFile = join(dataDir, 'read-models.sqlite');
    store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies what is appended, reports each committed batch, and resumes from its checkpoints after a stop', async () => {
    const own = openSqliteProjections(readModelFile);
    const readModel = new SqliteTrialReadModel(
      own.db,
      own.handlers.map((h) => h.name),
    );
    const runner = new ThreadedProjectionRunner(store, readModelFile);
    try {
      await runner.start();
      const first = await append('NCT00000001');
      await progressed(runner, readModel, first.position);
      expect((await readModel.getTrial('NCT00000001'))?.position).toBe(first.position);
      await runner.stop();
      const second = await append('NCT00000002');
      expect(await readModel.position()).toBe(first.position);
      await runner.start();
      await progressed(runner, readModel, second.position);
      expect((await readModel.getHistoryRows('NCT00000002')).map((r) => r.position)).toEqual([second.position]);
    } finally {
      await runner.stop();
      own.close();
    }
  });

  it('rejects start with the reason when the read models cannot be opened', async () => {
    mkdirSync(readModelFile);
    const runner = new ThreadedProjectionRunner(store, readModelFile);
    await expect(runner.start()).rejects.toThrow('unable to open database file');
    await runner.stop();
  });

  it("applies a batch while this thread's event loop is held busy: the work is done off the request loop", async () => {
    const projections = new ThreadedProjections({ readModelFile });
    let reader: Database.Database | null = null;
    try {
      expect(await projections.checkpoint()).toBe(0);
      reader = new Database(readModelFile, { readonly: true });
      const applied = checkpointsOf(reader);
      const event = await append('NCT00000003');
      const handled = projections.handle([event]);
      // Never yields: work queued on this loop could not run until the loop is let go.
      const deadline = Date.now() + 10_000;
      while (applied() < event.position && Date.now() < deadline);
      expect(applied()).toBe(event.position);
      await handled;
    } finally {
      reader?.close();
      await projections.close();
    }
  });

  it('fails the batch in flight when the thread dies, and the next request starts a new thread', async () => {
    const projections = new ThreadedProjections({ readModelFile });
    // Long enough to apply that the thread is still at it when it is ended.
    const builder = new StreamBuilder();
    const batch = Array.from({ length: 5000 }, (_, i) => builder.record(registered(`NCT${String(i + 1).padStart(8, '0')}`)));
    try {
      await projections.checkpoint();
      // Fault injection: the thread ends as a crash would end it, with a batch handed over.
      const thread = (projections as unknown as { thread: Worker }).thread;
      const handled = projections.handle(batch);
      await thread.terminate();
      await expect(handled).rejects.toThrow('The projection thread ended');
      await projections.handle(batch);
      expect(await projections.checkpoint()).toBe(5000);
    } finally {
      await projections.close();
    }
    // Two threads each load the sources and apply 5,000 events: on a clean clone's cold transpile cache, with another
    // jest worker on the second core, that took over jest's default 5 s; this bounds it, it waits on nothing.
  }, 30_000);
});
