import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialEvent, TrialRegisteredData, initialState } from '@trial-ledger/domain';
import { ProjectionHandler, TrialFilter, TrialReadModel } from '../ports/read-model.port';
import { TrialView, projectTrialView } from '../trial-view/trial-view.projection';
import { HistoryRow, historyRow } from '../trial-history/trial-history.projection';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';

/** A fresh, empty read side; `handlers` must include `trial-view` and `trial-history`. */
export interface ReadModelFixture {
  handlers: ProjectionHandler[];
  readModel: TrialReadModel;
  cleanup(): Promise<void> | void;
}

const [A, B, C] = ['NCT02985346', 'NCT04280705', 'NCT00000102'];

const registration = (nctId: string, overrides: Partial<TrialRegisteredData>): TrialEvent => ({
  type: 'TrialRegistered',
  data: { ...(registered(nctId).data as TrialRegisteredData), ...overrides },
});

/** Three trials whose events interleave, so one batch touches several trials and one trial spans batches. */
const scenario = (): RecordedEvent[] => {
  const b = new StreamBuilder();
  return [
    b.record(registered(A), { reason: 'Posted' }),
    b.record(registration(B, { title: 'Remdesivir in COVID-19', conditions: ['COVID-19', 'Lung Cancer'] })),
    b.record(
      { type: 'TrialStatusChanged', data: { nctId: A, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } },
      { reason: 'First patient in', effectiveDate: '2017-03', actor: 'registry-sync' },
    ),
    b.record({ type: 'SiteAdded', data: { nctId: B, siteId: 'b1', facility: 'Mass General', city: 'Boston', country: 'United States' } }),
    b.record(registration(C, { conditions: ['Pulmonary Hemosiderosis'], status: 'COMPLETED' })),
    b.record({ type: 'SiteAdded', data: { nctId: A, siteId: 'a1', facility: 'Sun Yat-sen Memorial Hospital', country: 'China' } }),
    b.record({ type: 'SiteAdded', data: { nctId: B, siteId: 'b2', facility: 'Hôpital Bichat', city: 'Paris', country: 'France' } }),
    b.record({ type: 'EnrollmentUpdated', data: { nctId: A, count: 4, type: 'ACTUAL' } }),
    b.record({ type: 'SiteStatusChanged', data: { nctId: B, siteId: 'b1', to: 'RECRUITING' } }),
  ];
};

/** What the pure projections make of one trial's events: every adapter must serve exactly this. */
const expected = (events: RecordedEvent[], nctId: string): [TrialView | null, HistoryRow[]] => {
  const own = events.filter((e) => e.streamId.endsWith(nctId));
  let state = initialState();
  const history = own.map((event) => {
    const step = historyRow(state, event);
    state = step.after;
    return step.row;
  });
  return [own.reduce(projectTrialView, null as TrialView | null), history];
};

/** The fixture of the running test and the moves every case makes with it. */
class Harness {
  fx!: ReadModelFixture;

  get rm(): TrialReadModel {
    return this.fx.readModel;
  }
  get view(): ProjectionHandler {
    return this.handler('trial-view');
  }
  get history(): ProjectionHandler {
    return this.handler('trial-history');
  }

  async feed(events: RecordedEvent[]): Promise<void> {
    for (const h of this.fx.handlers) await h.handle(events);
  }

  list(filter: Partial<TrialFilter>): ReturnType<TrialReadModel['listTrials']> {
    return this.rm.listTrials({ limit: 10, offset: 0, ...filter });
  }

  async ids(filter: Partial<TrialFilter>): Promise<string[]> {
    return (await this.list(filter)).items.map((trial) => trial.nctId);
  }

  /** Every trial's view and history equal what the pure projections make of `events`. */
  async expectServes(events: RecordedEvent[]): Promise<void> {
    for (const id of [A, B, C]) expect([await this.rm.getTrial(id), await this.rm.getHistoryRows(id)]).toEqual(expected(events, id));
  }

  private handler(name: string): ProjectionHandler {
    const found = this.fx.handlers.find((h) => h.name === name);
    if (!found) throw new Error(`The fixture has no ${name} projection`);
    return found;
  }
}

/** Batches, checkpoints and atomicity. */
const applyingCases = (t: Harness): void => {
  it('serves exactly what the pure projections compute, batch boundaries notwithstanding', async () => {
    const events = scenario();
    for (const batch of [events.slice(0, 2), events.slice(2, 7), events.slice(7)]) await t.feed(batch);
    await t.expectServes(events);
    expect(await t.rm.getTrial('NCT99999999')).toBeNull();
    expect(await t.rm.getHistoryRows('NCT99999999')).toEqual([]);
  });

  it('moves the checkpoint with the change, and applies nothing twice when a batch is delivered again', async () => {
    const events = scenario();
    for (const p of [t.view, t.history]) {
      await p.handle(events.slice(0, 3));
      await p.handle(events.slice(0, 5));
      await p.handle(events.slice(0, 5));
      await p.handle(events);
      expect(await p.checkpoint()).toBe(9);
    }
    expect(await t.rm.position()).toBe(9);
    expect(await t.rm.getHistoryRows(A)).toHaveLength(4);
    expect(await t.rm.getTrial(A)).toMatchObject({ revision: 4, status: 'RECRUITING', enrollment: { count: 4, type: 'ACTUAL' } });
    expect(await t.rm.getTrial(B)).toMatchObject({ revision: 4, sites: [expect.anything(), expect.anything()] });
  });

  it('rolls back the change and the checkpoint together when a batch fails midway', async () => {
    const events = scenario();
    for (const p of [t.view, t.history]) {
      await expect(p.handle([events[0], events[1], { ...events[2], type: 'NoSuchEvent' }])).rejects.toThrow(/Unknown event type/);
      expect(await p.checkpoint()).toBe(0);
    }
    expect(await t.rm.getTrial(A)).toBeNull();
    expect(await t.rm.getHistoryRows(A)).toEqual([]);
    expect(await t.rm.position()).toBe(0);
  });

  it('moves the checkpoint past events of other streams without applying them', async () => {
    const events = scenario();
    await t.feed([events[0], { ...events[2], streamId: 'sponsor-sun-yat-sen' }]);
    expect(await t.view.checkpoint()).toBe(3);
    expect(await t.rm.getTrial(A)).toMatchObject({ revision: 1, status: 'NOT_YET_RECRUITING' });
    expect(await t.rm.getHistoryRows(A)).toHaveLength(1);
  });
};

/** The audit trail, filters and pages. */
const queryCases = (t: Harness): void => {
  it('records the field-level changes of every event with its revision and position, in revision order', async () => {
    await t.feed(scenario());
    const rows = await t.rm.getHistoryRows(A);
    expect(rows.map((r) => [r.revision, r.position])).toEqual([
      [1, 1],
      [2, 3],
      [3, 6],
      [4, 8],
    ]);
    expect(rows[0].changes).toContainEqual({ field: 'status', from: null, to: 'NOT_YET_RECRUITING' });
    expect(rows[1].changes).toEqual([{ field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' }]);
    expect(rows[3].changes).toEqual([
      { field: 'enrollment.count', from: 100, to: 4 },
      { field: 'enrollment.type', from: 'ESTIMATED', to: 'ACTUAL' },
    ]);
  });

  it('filters by status, by part of a condition and by a whole site country, case-insensitively', async () => {
    await t.feed(scenario());
    expect(await t.ids({ status: 'RECRUITING' })).toEqual([A]);
    expect(await t.ids({ status: 'NOT_YET_RECRUITING' })).toEqual([B]);
    expect(await t.ids({ condition: 'HEMOSIDEROSIS' })).toEqual([C, A]);
    expect(await t.ids({ condition: 'cancer' })).toEqual([B]);
    expect(await t.ids({ condition: 'hemosiderosis', status: 'COMPLETED' })).toEqual([C]);
    expect(await t.ids({ country: 'united states' })).toEqual([B]);
    expect(await t.ids({ country: 'States' })).toEqual([]);
    expect(await t.ids({ country: 'CHINA', condition: 'pulmonary' })).toEqual([A]);
    expect(await t.ids({ condition: 'malaria' })).toEqual([]);
  });

  it('pages in NCT ID order with the total of all matches, and summarizes each trial', async () => {
    const events = scenario();
    await t.feed(events);
    expect(await t.list({ limit: 2, offset: 0 })).toMatchObject({ total: 3, limit: 2, offset: 0, items: [{ nctId: C }, { nctId: A }] });
    expect(await t.ids({ limit: 2, offset: 2 })).toEqual([B]);
    expect(await t.list({ limit: 2, offset: 5 })).toEqual({ items: [], total: 3, limit: 2, offset: 5 });
    expect(await t.list({ condition: 'hemosiderosis', limit: 1, offset: 1 })).toMatchObject({ total: 2, items: [{ nctId: A }] });
    expect((await t.list({ country: 'france' })).items).toEqual([
      {
        nctId: B,
        title: 'Remdesivir in COVID-19',
        status: 'NOT_YET_RECRUITING',
        lastKnownStatus: null,
        phases: ['EARLY_PHASE1'],
        conditions: ['COVID-19', 'Lung Cancer'],
        enrollment: { count: 100, type: 'ESTIMATED' },
        countries: ['France', 'United States'],
        siteCount: 2,
        revision: 4,
        updatedAt: events[8].metadata.recordedAt,
      },
    ]);
  });
};

const [D1, D2, D3, D4, D5] = ['NCT01000001', 'NCT01000002', 'NCT01000003', 'NCT01000004', 'NCT01000005'];

/** Conditions and countries that a substring match, LIKE wildcards, case folding and paging could each get wrong. */
const filterScenario = (b = new StreamBuilder()): RecordedEvent[] => {
  const site = (nctId: string, siteId: string, country: string) =>
    b.record({ type: 'SiteAdded', data: { nctId, siteId, facility: siteId, country } });
  const recruiting = (nctId: string) =>
    b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }, { effectiveDate: '2024-01' });
  return [
    b.record(registration(D1, { conditions: ['Type_2 Diabetes', '100% Oxygen', 'Grade 1\\2 Fatigue'] })),
    site(D1, 'd1a', 'Côte d’Ivoire'),
    b.record(registration(D2, { conditions: ['Type 2 Diabetes', 'Ärztliche Überwachung'] })),
    site(D2, 'd2a', 'France'),
    site(D2, 'd2b', 'Japan'),
    b.record(registration(D3, { conditions: ['Type 2 Diabetes Mellitus', 'Diabetic Diabetes'] })),
    site(D3, 'd3a', 'France'),
    recruiting(D3),
    b.record(registration(D4, { conditions: ['Asthma'] })),
    site(D4, 'd4a', 'France'),
    site(D4, 'd4b', 'FRANCE'),
    b.record(registration(D5, { conditions: ['Lung Cancer'] })),
    site(D5, 'd5a', 'Japan'),
    recruiting(D5),
  ];
};

/** The condition and country filters: what matches, combined, paged, and after the trial changes. */
const filterCases = (t: Harness): void => {
  it('matches a condition by any part of one value, wildcards and case folding included, each trial once', async () => {
    await t.feed(filterScenario());
    expect(await t.ids({ condition: '_2' })).toEqual([D1]);
    expect(await t.ids({ condition: '%' })).toEqual([D1]);
    expect(await t.ids({ condition: '0% o' })).toEqual([D1]);
    expect(await t.ids({ condition: 'e_2' })).toEqual([D1]);
    expect(await t.ids({ condition: '1\\2' })).toEqual([D1]);
    expect(await t.ids({ condition: 'de 1\\' })).toEqual([D1]);
    expect(await t.ids({ condition: 'TYPE 2' })).toEqual([D2, D3]);
    expect(await t.ids({ condition: 'ÄRZTLICHE' })).toEqual([D2]);
    expect(await t.ids({ condition: 'überwachung' })).toEqual([D2]);
    expect(await t.list({ condition: 'diabet' })).toMatchObject({ total: 3, items: [{ nctId: D1 }, { nctId: D2 }, { nctId: D3 }] });
    expect(await t.ids({ condition: 'diabetes\n100' })).toEqual([D1]);
    expect(await t.ids({ condition: 'type 2 diabetes mellitus, adult' })).toEqual([]);
  });

  it('pages a short term and a country in NCT ID order with the total of all matches', async () => {
    await t.feed(filterScenario());
    expect(await t.list({ condition: 'a', limit: 2, offset: 0 })).toMatchObject({ total: 5, items: [{ nctId: D1 }, { nctId: D2 }] });
    expect(await t.ids({ condition: 'a', limit: 2, offset: 2 })).toEqual([D3, D4]);
    expect(await t.ids({ condition: 'a', limit: 2, offset: 4 })).toEqual([D5]);
    const pages = [0, 1, 2, 3].map((offset) => t.list({ country: 'france', limit: 1, offset }));
    expect((await Promise.all(pages)).map((p) => [p.total, p.items.map((i) => i.nctId)])).toEqual([
      [3, [D2]],
      [3, [D3]],
      [3, [D4]],
      [3, []],
    ]);
    expect(await t.ids({ country: 'CÔTE D’IVOIRE' })).toEqual([D1]);
    expect(await t.ids({ country: 'fran' })).toEqual([]);
    expect(await t.ids({ country: 'france\njapan' })).toEqual([D2]);
  });

  it('combines status, condition and country: every filter given must hold', async () => {
    await t.feed(filterScenario());
    expect(await t.ids({ country: 'japan', status: 'RECRUITING' })).toEqual([D5]);
    expect(await t.ids({ country: 'france', status: 'RECRUITING' })).toEqual([D3]);
    expect(await t.ids({ condition: 'diabetes', country: 'France' })).toEqual([D2, D3]);
    expect(await t.list({ condition: 'diabetes', country: 'france', status: 'RECRUITING' })).toMatchObject({
      total: 1,
      items: [{ nctId: D3 }],
    });
    expect(await t.ids({ condition: 'cancer', status: 'RECRUITING' })).toEqual([D5]);
    expect(await t.ids({ condition: 'cancer', status: 'NOT_YET_RECRUITING' })).toEqual([]);
    expect(await t.ids({ condition: 'asthma', country: 'japan' })).toEqual([]);
  });

  it('follows a trial whose status, conditions or countries change', async () => {
    const b = new StreamBuilder();
    await t.feed(filterScenario(b));
    await t.feed([
      b.record({ type: 'TrialStatusChanged', data: { nctId: D3, from: 'RECRUITING', to: 'COMPLETED' } }, { effectiveDate: '2025-01' }),
      b.record({ type: 'TrialDetailsUpdated', data: { nctId: D2, conditions: ['Asthma'] } }),
      b.record({ type: 'SiteRemoved', data: { nctId: D4, siteId: 'd4b' } }),
    ]);
    expect(await t.ids({ country: 'france', status: 'RECRUITING' })).toEqual([]);
    expect(await t.ids({ condition: 'diabetes', status: 'COMPLETED', country: 'france' })).toEqual([D3]);
    expect(await t.ids({ condition: 'ärztliche' })).toEqual([]);
    expect(await t.ids({ condition: 'asthma' })).toEqual([D2, D4]);
    expect(await t.ids({ country: 'france' })).toEqual([D2, D3, D4]);
    await t.feed([b.record({ type: 'SiteRemoved', data: { nctId: D4, siteId: 'd4a' } })]);
    expect(await t.ids({ country: 'france' })).toEqual([D2, D3]);
  });
};

/** The position readers wait on, and the rebuild. */
const positionAndResetCases = (t: Harness): void => {
  it('reports the lowest checkpoint of all projections as the position, and 0 until each has one', async () => {
    const events = scenario();
    await t.view.handle(events);
    expect(await t.rm.position()).toBe(0);
    await t.history.handle(events.slice(0, 4));
    expect(await t.rm.position()).toBe(4);
    await t.history.handle(events);
    expect(await t.rm.position()).toBe(9);
  });

  it('reset empties one read model and its checkpoint; replaying the log rebuilds the same model', async () => {
    const events = scenario();
    await t.feed(events);
    await t.view.reset();
    expect(await t.view.checkpoint()).toBe(0);
    expect(await t.rm.position()).toBe(0);
    expect(await t.list({})).toMatchObject({ items: [], total: 0 });
    expect(await t.rm.getHistoryRows(A)).toHaveLength(4);
    await t.history.reset();
    expect(await t.history.checkpoint()).toBe(0);
    expect(await t.rm.getHistoryRows(A)).toEqual([]);
    await t.feed(events.slice(0, 4));
    await t.feed(events);
    await t.expectServes(events);
    expect(await t.list({})).toMatchObject({ total: 3 });
  });
};

/** Every read-model adapter passes this suite; `factory` returns a fresh, empty read side for each case. */
export const describeReadModelContract = (name: string, factory: () => Promise<ReadModelFixture> | ReadModelFixture): void => {
  describe(`read model contract: ${name}`, () => {
    const t = new Harness();
    beforeEach(async () => void (t.fx = await factory()));
    afterEach(async () => t.fx.cleanup());
    applyingCases(t);
    queryCases(t);
    filterCases(t);
    positionAndResetCases(t);
  });
};
