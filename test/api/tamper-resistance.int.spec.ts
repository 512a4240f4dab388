import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@trial-ledger/event-store';
import { signCheckpoint } from '@trial-ledger/ledger';
import { LogCheckpointer } from '@trial-ledger/runtime';
import { cliInProcess } from '../support/cli';
import { deleteEvent, rewriteWithHashes, trialWithHistory } from '../support/tamper';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(30_000);

const [A, B, C] = ['NCT05000001', 'NCT05000002', 'NCT05000003'];

/** `cli verify` over every trial: its exit code, the chains' lines and the checkpoint's line. */
const verify = async (dataDir: string) => {
  const run = await cliInProcess(dataDir, 'verify');
  expect(run.stderr).toBe('');
  const lines = run.stdout.trim().split('\n');
  return { code: run.code, chains: lines.filter((l) => l.startsWith('NCT')), checkpoint: lines.find((l) => l.startsWith('checkpoint ')) };
};

describe('a log that resists tampering (SQLite): refused by the file, detected beyond the chains by signed checkpoints', () => {
  let t: TestApp;
  let checkpointer: LogCheckpointer;
  const signNow = async () => (await checkpointer.checkpointNow()).id;

  beforeAll(async () => {
    t = await startTestApp();
    for (const nctId of [A, B, C]) await trialWithHistory(t, nctId);
    checkpointer = t.app.get(LogCheckpointer);
  });
  afterAll(() => t.close());

  it('refuses an UPDATE or DELETE of an event or a checkpoint in the database itself, from any connection', async () => {
    const id = await signNow();
    const db = new Database(join(t.dataDir, 'events.sqlite'));
    try {
      const count = () =>
        db.prepare<[], { n: number }>('SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM checkpoints) AS n').get()?.n;
      const before = count();
      expect(() => db.prepare("UPDATE events SET data = '{}' WHERE revision = 2").run()).toThrow('events are append-only: UPDATE refused');
      expect(() => db.prepare('DELETE FROM events WHERE revision = 5').run()).toThrow('events are append-only: DELETE refused');
      expect(() => db.prepare("UPDATE checkpoints SET signature = 'x'").run()).toThrow('checkpoints are append-only: UPDATE refused');
      expect(() => db.prepare('DELETE FROM checkpoints').run()).toThrow('checkpoints are append-only: DELETE refused');
      expect(count()).toBe(before);
    } finally {
      db.close();
    }
    expect(await verify(t.dataDir)).toEqual({
      code: 0,
      chains: [`${A} ok (5 events)`, `${B} ok (5 events)`, `${C} ok (5 events)`],
      checkpoint: `checkpoint ${id} ok (position 15: signature and every stream's head)`,
    });
  });

  it('refuses a checkpoint signed with another key than the trusted one', async () => {
    const other = generateKeyPairSync('ed25519');
    const logCheckpoints = (t.app.get(EventStore) as SqliteEventStore).logCheckpoints();
    const forged = await logCheckpoints.append(
      signCheckpoint(await logCheckpoints.snapshot(), other.privateKey, other.publicKey, new Date()),
    );
    expect(await verify(t.dataDir)).toMatchObject({
      code: 1,
      checkpoint: `checkpoint ${forged.id} BROKEN at position 15: its signature does not verify with the trusted public key`,
    });
    const id = await signNow();
    expect(await verify(t.dataDir)).toMatchObject({
      code: 0,
      checkpoint: `checkpoint ${id} ok (position 15: signature and every stream's head)`,
    });
  });

  it('detects a rewrite with recomputed hashes after a checkpoint, which every chain still passes', async () => {
    const id = await signNow();
    rewriteWithHashes(t.dataDir, A, 3, { facility: 'Somewhere else' });
    expect(await verify(t.dataDir)).toEqual({
      code: 1,
      chains: [`${A} ok (5 events)`, `${B} ok (5 events)`, `${C} ok (5 events)`],
      checkpoint: `checkpoint ${id} BROKEN at position 15: the heads of the streams at position 15 are not those signed: events were removed or rewritten`,
    });
  });

  it("detects a stream's newest events removed, and the log's tail cut below the checkpoint", async () => {
    const afterRewrite = await signNow();
    deleteEvent(t.dataDir, B, 5);
    deleteEvent(t.dataDir, B, 4);
    expect(await verify(t.dataDir)).toMatchObject({
      code: 1,
      chains: [`${A} ok (5 events)`, `${B} ok (3 events)`, `${C} ok (5 events)`],
      checkpoint: `checkpoint ${afterRewrite} BROKEN at position 15: the heads of the streams at position 15 are not those signed: events were removed or rewritten`,
    });
    const afterCut = await signNow();
    deleteEvent(t.dataDir, C, 5);
    expect(await verify(t.dataDir)).toMatchObject({
      code: 1,
      chains: [`${A} ok (5 events)`, `${B} ok (3 events)`, `${C} ok (4 events)`],
      checkpoint: `checkpoint ${afterCut} BROKEN at position 15: the log ends at position 14, before the checkpoint's 15: its tail was cut`,
    });
  });
});
