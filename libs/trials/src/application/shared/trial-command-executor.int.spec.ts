import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { DomainError, TrialCommand, evolveAll, siteIdFor } from '@trial-ledger/domain';
import { nctId, registration } from '../../../../domain/src/testing/trial-fixtures';
import { Clock } from '@trial-ledger/ledger';
import { IdGenerator } from '@trial-ledger/ledger';
import { verifyChain } from '@trial-ledger/ledger';
import { TrialCommandExecutor } from './trial-command-executor';
import { toTrialEvent, trialStreamId } from '@trial-ledger/ledger';

class TickingClock extends Clock {
  private t = Date.UTC(2026, 0, 1);
  now(): Date {
    this.t += 1000;
    return new Date(this.t);
  }
}

class CountingIds extends IdGenerator {
  private n = 0;
  constructor(private readonly process = 0) {
    super();
  }

  newId(): string {
    this.n += 1;
    return `0000000${this.process}-0000-4000-8000-${String(this.n).padStart(12, '0')}`;
  }
}

const address = { facility: 'Hôpital Saint-Louis', city: 'Paris', country: 'France' };
const siteId = siteIdFor(nctId, address);
const meta = { actor: 'alice', role: 'operator', reason: 'Registry update' };

// Each command is valid only on the state its predecessors left, so deciding on a stale or wrong snapshot fails.
const story: TrialCommand[] = [
  { type: 'RegisterTrial', data: registration },
  { type: 'AddSite', data: { nctId, siteId, ...address } },
  { type: 'UpdateStatus', data: { nctId, status: 'RECRUITING' } },
  { type: 'UpdateSiteStatus', data: { nctId, siteId, status: 'RECRUITING' } },
  { type: 'UpdateEnrollment', data: { nctId, count: 12, type: 'ACTUAL' } },
  { type: 'UpdateStatus', data: { nctId, status: 'ACTIVE_NOT_RECRUITING' } },
  { type: 'UpdateStatus', data: { nctId, status: 'COMPLETED' } },
];

describe('TrialCommandExecutor on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'executor-'));
    store = SqliteEventStore.open(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides each command on the state its own appends left, and keeps the hash chain linked', async () => {
    const executor = new TrialCommandExecutor(store, new TickingClock(), new CountingIds());
    const revisions = [];
    for (const command of story) revisions.push((await executor.execute(command, meta)).revision);
    expect(revisions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await expect(executor.execute({ type: 'UpdateStatus', data: { nctId, status: 'RECRUITING' } }, meta)).rejects.toBeInstanceOf(
      DomainError,
    );
    const stored = await store.readStream(trialStreamId(nctId));
    expect(verifyChain(stored)).toMatchObject({ verified: true, events: 7 });
    expect((await executor.load(nctId)).state).toEqual(evolveAll(stored.map(toTrialEvent)));
  });

  it('sees what another process appended after its own last command', async () => {
    const [mine, other] = [new CountingIds(1), new CountingIds(2)];
    const executor = new TrialCommandExecutor(store, new TickingClock(), mine);
    const elsewhere = new TrialCommandExecutor(store, new TickingClock(), other);
    await executor.execute(story[0], meta);
    await elsewhere.execute(story[1], meta);
    await executor.execute(story[2], meta);
    await elsewhere.execute(story[3], meta);
    expect((await executor.execute(story[4], meta)).revision).toBe(5);
    expect(verifyChain(await store.readStream(trialStreamId(nctId)))).toMatchObject({ verified: true, events: 5 });
  });
});
