import Database from 'better-sqlite3';
import { join } from 'node:path';
import { RebuildPhase, SqliteShadowReadModels, rebuildReadModels, rebuildWithoutDowntime } from '@trial-ledger/read-models';
import { TrafficDuringRebuild, expectEveryAcknowledgedCommandShown, waitForAcks, yieldingReads } from '../support/online-rebuild';
import { registerBody, statusBody } from '../support/trials';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('rebuilding the SQLite read models while the API serves', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('never fails a read nor shows fewer trials, keeps every command acknowledged meanwhile, and swaps in equal models', async () => {
    const [operator, reader] = [t.token('operator'), t.token('reader')];
    for (let n = 0; n < 30; n++) {
      const nctId = `NCT07${String(n).padStart(6, '0')}`;
      expect((await t.http.post('/trials').set('Authorization', operator).send(registerBody(nctId))).status).toBe(201);
      expect((await t.http.post(`/trials/${nctId}/status`).set('Authorization', operator).send(statusBody('RECRUITING'))).status).toBe(200);
    }
    const traffic = new TrafficDuringRebuild(t.http, operator, reader, 0);
    const acksIn: Partial<Record<RebuildPhase, number>> = {};
    const shadow = new SqliteShadowReadModels(join(t.dataDir, 'read-models.sqlite'));
    const result = await rebuildWithoutDowntime(
      yieldingReads(t.store),
      shadow,
      { phase: (phase) => (acksIn[phase] ??= traffic.acknowledged), batch: () => undefined },
      { batchSize: 4 },
    );
    const afterSwap = traffic.acknowledged;
    await waitForAcks(traffic, afterSwap + 4);
    const report = await traffic.stop();

    expect(report.failures).toEqual([]);
    // The traffic ran through the build: commands were acknowledged between its start and the swap.
    expect(afterSwap - acksIn.build!).toBeGreaterThan(0);
    expect(result.comparison.differing).toEqual([]);
    expect(result.comparison.compared).toBeGreaterThanOrEqual(30);
    await expectEveryAcknowledgedCommandShown(t, report.acknowledged, reader, 30);
  });

  it('refuses the swap, changing nothing, while a live projection stands past the shadow and the catch-up does not reach it', async () => {
    const shadow = new SqliteShadowReadModels(join(t.dataDir, 'read-models.sqlite'));
    const built = await rebuildReadModels(t.store, await shadow.open(true));
    const moved = await t.http.post('/trials').set('Authorization', t.token('operator')).send(registerBody('NCT07999999'));
    const shown = await t.http.get(`/trials?minPosition=${moved.body.position}&limit=1`).set('Authorization', t.token('reader'));
    // A catch-up that cannot reach the live projection: the swap must be refused.
    const outcome = await shadow.swap(async () => undefined);
    await shadow.close();
    expect(outcome).toEqual({ swapped: false, projection: 'trial-view', live: moved.body.position, shadow: built });
    const after = await t.http.get('/trials?limit=1').set('Authorization', t.token('reader'));
    expect(after.body.total).toBe(shown.body.total);
  });

  it('reports a trial whose live rows differ from the rebuild, and the swap repairs it', async () => {
    const reader = t.token('reader');
    const file = join(t.dataDir, 'read-models.sqlite');
    const db = new Database(file);
    db.prepare("UPDATE trials SET data = json_set(data, '$.title', 'Altered') WHERE nct_id = ?").run('NCT07000003');
    db.close();
    expect((await t.http.get('/trials/NCT07000003').set('Authorization', reader)).body.title).toBe('Altered');
    const phases: RebuildPhase[] = [];
    const result = await rebuildWithoutDowntime(t.store, new SqliteShadowReadModels(file), {
      phase: (p) => phases.push(p),
      batch: () => undefined,
    });
    expect(phases).toEqual(['build', 'catch-up', 'compare', 'swap']);
    expect(result.comparison.differing).toEqual(['NCT07000003']);
    expect((await t.http.get('/trials/NCT07000003').set('Authorization', reader)).body.title).toBe(registerBody().title);
  });
});
