import { NewAccessEntry } from '@trial-ledger/compliance';
import { AccessLog } from '../access-log.port';
import { ChainedAccessEntry, verifyAccessChain } from '../access-chain';

export interface AccessLogContractEngine {
  /** A log on the same storage each time, as another process would see it; the suite closes what it opens. */
  open(): Promise<AccessLog>;
  /** Runs a statement on the storage directly, as someone holding the database would. */
  execute(sql: string): Promise<unknown>;
}

let seq = 0;
/** A trial id of this run alone, so the cases share one storage without seeing each other's entries. */
const freshTrial = (): string => `NCT${String(Date.now() % 1e6).padStart(6, '0')}${String(++seq).padStart(2, '0')}`;

const entry = (over: Partial<NewAccessEntry> = {}): NewAccessEntry => ({
  at: '2026-12-03T10:00:00.000Z',
  actor: 'audrey',
  role: 'auditor',
  channel: 'http',
  action: 'history.read',
  nctId: 'NCT00000000',
  parameters: {},
  ...over,
});

/** What every AccessLog adapter must do, on SQLite and PostgreSQL alike. */
export const accessLogContract = (name: string, engine: AccessLogContractEngine): void => {
  describe(`${name} (AccessLog contract)`, () => {
    const opened: AccessLog[] = [];
    const log = async () => {
      const l = await engine.open();
      opened.push(l);
      return l;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((l) => l.close()));
    });

    it('links each entry to the one before it, two instances recording at once, so that the whole log verifies', async () => {
      const [a, b] = [await log(), await log()];
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).record(entry({ nctId: freshTrial(), parameters: { n: i } }))));
      const all: ChainedAccessEntry[] = [];
      for (let page = await a.chained(0, 7); page.length > 0; page = await a.chained(page[page.length - 1].id, 7)) all.push(...page);
      expect(all.length).toBeGreaterThanOrEqual(10);
      const check = verifyAccessChain(all);
      expect(check).toMatchObject({ ok: true, unchained: 0, brokenAtId: null, entries: all.length });
      expect(check.headHash).toBe(all[all.length - 1].hash);
      expect(all.slice(1).every((e, i) => e.previousHash === all[i].hash)).toBe(true);
    });

    it('keeps each entry as given, with an id, for another instance on the same storage too, in the order recorded', async () => {
      const nctId = freshTrial();
      const a = await log();
      const first = await a.record(entry({ nctId, parameters: { type: 'TrialStatusChanged', from: '2026-01-01T00:00:00.000Z' } }));
      const second = await a.record(
        entry({ nctId, actor: 'olga', role: 'operator', channel: 'cli', action: 'state.replay', parameters: { revision: 3, all: true } }),
      );
      expect(second.id).toBeGreaterThan(first.id);
      const page = await (await log()).list({ nctId, limit: 10, offset: 0 });
      expect(page).toEqual({ items: [first, second], total: 2, limit: 10, offset: 0 });
      expect(page.items[1]).toEqual({
        id: second.id,
        at: '2026-12-03T10:00:00.000Z',
        actor: 'olga',
        role: 'operator',
        channel: 'cli',
        action: 'state.replay',
        nctId,
        parameters: { revision: 3, all: true },
      });
    });

    it('filters by trial, action and time (from inclusive, to exclusive) combined, and pages with the total', async () => {
      const nctId = freshTrial();
      const a = await log();
      const at = (h: number) => `2026-12-0${h}T12:00:00.000Z`;
      const recorded = [];
      for (const h of [1, 2, 3, 4])
        recorded.push(await a.record(entry({ nctId, at: at(h), action: h === 3 ? 'history.export' : 'history.read' })));
      await a.record(entry({ nctId: freshTrial(), at: at(2) }));
      const ids = async (q: Partial<Parameters<AccessLog['list']>[0]>) =>
        (await a.list({ nctId, limit: 10, offset: 0, ...q })).items.map((e) => e.id);
      expect(await ids({ from: at(2), to: at(4) })).toEqual([recorded[1].id, recorded[2].id]);
      expect(await ids({ action: 'history.export' })).toEqual([recorded[2].id]);
      expect(await ids({ from: at(2), action: 'history.read' })).toEqual([recorded[1].id, recorded[3].id]);
      const page = await a.list({ nctId, limit: 2, offset: 1 });
      expect({ ...page, items: page.items.map((e) => e.id) }).toEqual({
        items: [recorded[1].id, recorded[2].id],
        total: 4,
        limit: 2,
        offset: 1,
      });
    });

    it('keeps entries of no trial (a skip of an event of another stream), found without a trial filter', async () => {
      const a = await log();
      const skip = await a.record(
        entry({
          nctId: null,
          action: 'projection.skip',
          at: '2026-12-03T11:11:11.111Z',
          parameters: { position: 7, reason: 'bad import' },
        }),
      );
      const { items } = await a.list({
        action: 'projection.skip',
        from: '2026-12-03T11:11:11.111Z',
        to: '2026-12-03T11:11:11.112Z',
        limit: 10,
        offset: 0,
      });
      expect(items).toContainEqual(skip);
    });

    it('is append-only in the database itself: an UPDATE or DELETE is refused and changes nothing', async () => {
      const nctId = freshTrial();
      const a = await log();
      const kept = await a.record(entry({ nctId }));
      // By message, not toThrow: better-sqlite3's native module stays loaded across the spec files of a jest worker,
      // so its SqliteError can extend another file's Error, and toThrow then reports "did not throw".
      const refusal = { message: expect.stringMatching(/append-only/) };
      await expect(engine.execute(`UPDATE access_log SET actor = 'mallory' WHERE nct_id = '${nctId}'`)).rejects.toMatchObject(refusal);
      await expect(engine.execute(`DELETE FROM access_log WHERE nct_id = '${nctId}'`)).rejects.toMatchObject(refusal);
      expect((await a.list({ nctId, limit: 10, offset: 0 })).items).toEqual([kept]);
    });
  });
};
