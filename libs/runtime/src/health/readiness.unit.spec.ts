import { RelayHealth } from '@trial-ledger/relay';
import { Outcome } from './dependency-failure';
import { Observed, assessReadiness, lagCountLimit } from './readiness';

const limits = { maxReadModelLag: 10, maxRelayLag: 5, stallSeconds: 30 };
const answered = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refused: Outcome<never> = { ok: false, cause: 'connect ECONNREFUSED 127.0.0.1:5432' };
const relay = (lag: number): Outcome<RelayHealth> =>
  answered({ enabled: true, state: 'running', position: 100 - lag, lag, consecutiveFailures: 0, lastError: null, failedEvent: null });
const behind = (lag: number) => answered({ position: 100 - lag, lag });
const healthy: Observed = {
  headPosition: answered(100),
  readModels: behind(5),
  relay: answered({ enabled: false }),
  leader: true,
  stall: null,
  projectionFaults: [],
  writes: { location: '/data/events.sqlite', outcome: answered({ writable: true }) },
};
const failed = (o: Observed) =>
  Object.entries(assessReadiness(o, limits).checks)
    .filter(([, c]) => !c.ok)
    .map(([n]) => n);

describe('assessReadiness', () => {
  it('is ready when the store answers and both lags are within their limits (inclusive)', () => {
    expect(assessReadiness(healthy, limits).ready).toBe(true);
    expect(failed({ ...healthy, readModels: behind(10), relay: relay(5) })).toEqual([]);
  });

  it('names the cause a dependency gave, a refused connection included, rather than a timeout', () => {
    const result = assessReadiness({ ...healthy, headPosition: refused, readModels: refused }, limits);
    expect(result.ready).toBe(false);
    expect(result.checks.eventStore).toEqual({ ok: false, detail: 'unavailable: connect ECONNREFUSED 127.0.0.1:5432' });
    expect(result.checks.readModels).toEqual({ ok: false, detail: 'unavailable: connect ECONNREFUSED 127.0.0.1:5432' });
    expect(result.checks.leader).toEqual({ ok: true, detail: 'not judged: the read models did not answer' });
  });

  it('says a dependency timed out only when it did', () => {
    const late: Outcome<never> = { ok: false, cause: 'did not answer in 2000 ms' };
    expect(assessReadiness({ ...healthy, headPosition: late }, limits).checks.eventStore.detail).toBe(
      'unavailable: did not answer in 2000 ms',
    );
  });

  it('fails on a read-model lag over the limit', () => {
    expect(failed({ ...healthy, readModels: behind(11) })).toEqual(['readModels']);
    expect(assessReadiness({ ...healthy, readModels: behind(11) }, limits).checks.readModels.detail).toBe('lag 11 (max 10)');
  });

  it('counts a lag past its limit, never less than /health counts, and says when the count stopped there', () => {
    expect(lagCountLimit(10)).toBe(100_000);
    expect(lagCountLimit(250_000)).toBe(250_001);
    const at = (lag: number) => ({ ...healthy, readModels: answered({ position: 1, lag }) });
    expect(assessReadiness(at(99_999), limits).checks.readModels.detail).toBe('lag 99999 (max 10)');
    expect(assessReadiness(at(100_000), limits).checks.readModels.detail).toBe('lag at least 100000 (max 10)');
    expect(assessReadiness({ ...healthy, relay: relay(100_000) }, limits).checks.kafkaRelay.detail).toBe('lag at least 100000 (max 5)');
  });

  it('counts the relay lag only on the leader', () => {
    expect(failed({ ...healthy, relay: relay(6) })).toEqual(['kafkaRelay']);
    expect(failed({ ...healthy, relay: relay(6), leader: false })).toEqual([]);
    expect(assessReadiness({ ...healthy, relay: relay(6), leader: false }, limits).checks.kafkaRelay.detail).toBe('standby: not counted');
  });

  it('fails naming the event the relay stopped on because it cannot map it, on the leader only', () => {
    const stopped = answered<RelayHealth>({
      enabled: true,
      state: 'failed',
      position: 3,
      lag: 4,
      consecutiveFailures: 2,
      lastError: 'Cannot apply the event at position 4 (TrialTeleported, trial-NCT00000001): Unknown event type TrialTeleported',
      failedEvent: { position: 4, type: 'TrialTeleported', streamId: 'trial-NCT00000001' },
    });
    expect(failed({ ...healthy, relay: stopped })).toEqual(['kafkaRelay']);
    expect(assessReadiness({ ...healthy, relay: stopped }, limits).checks.kafkaRelay.detail).toMatch(
      /^stopped at position 4 \(TrialTeleported, stream trial-NCT00000001\): Cannot apply .*; attempt 2$/,
    );
    expect(failed({ ...healthy, relay: stopped, leader: false })).toEqual([]);
  });

  it('fails when the relay status does not answer, and passes when Kafka is off', () => {
    expect(failed({ ...healthy, relay: refused })).toEqual(['kafkaRelay']);
    expect(assessReadiness(healthy, limits).checks.kafkaRelay).toEqual({ ok: true, detail: 'disabled' });
  });

  it('fails naming the leader when the read models stood still with events after them, however small the lag', () => {
    const stalled = { ...healthy, readModels: behind(2), stall: { position: 98, lag: 2, forMs: 31_500 } };
    expect(failed(stalled)).toEqual(['leader']);
    expect(assessReadiness(stalled, limits).checks.leader.detail).toBe(
      'stalled: the read models have stayed at position 98 for 31 s (max 30 s) with 2 events after it; the leader is not applying events',
    );
    expect(assessReadiness(healthy, limits).checks.leader).toEqual({ ok: true, detail: 'read models moving' });
    expect(assessReadiness({ ...healthy, readModels: behind(0) }, limits).checks.leader).toEqual({
      ok: true,
      detail: 'read models at the head',
    });
  });

  it('fails naming the projection, the event and its error while a projection is stopped on it, whatever the lag', () => {
    const fault = {
      projection: 'trial-view',
      event: { position: 42, type: 'TrialTeleported', streamId: 'trial-NCT00000042' },
      error: 'Unknown event type TrialTeleported at position 42',
      attempts: 3,
      since: '2026-12-03T15:00:00.000Z',
      retryInMs: 4000,
    };
    const stopped = { ...healthy, readModels: behind(1), projectionFaults: [fault] };
    expect(failed(stopped)).toEqual(['projections']);
    expect(assessReadiness(stopped, limits).checks.projections.detail).toBe(
      'trial-view stopped at position 42 (TrialTeleported, stream trial-NCT00000042): ' +
        'Unknown event type TrialTeleported at position 42; attempt 3, next in 4000 ms',
    );
    const unreachable = { ...fault, event: null, error: 'connect ECONNREFUSED' };
    expect(assessReadiness({ ...healthy, projectionFaults: [unreachable] }, limits).checks.projections.detail).toBe(
      'trial-view stopped: connect ECONNREFUSED; attempt 3, next in 4000 ms',
    );
    expect(assessReadiness(healthy, limits).checks.projections).toEqual({ ok: true, detail: 'applying events' });
  });

  it('fails naming the store and the reason when it refuses a write, or the probe errs or times out', () => {
    const at = (outcome: Observed['writes']) => ({ ...healthy, writes: outcome });
    const full = at({
      location: '/data/events.sqlite',
      outcome: answered({ writable: false, reason: 'SQLITE_FULL: database or disk is full' }),
    });
    expect(failed(full)).toEqual(['eventStoreWrites']);
    expect(assessReadiness(full, limits).checks.eventStoreWrites.detail).toBe(
      'event store at /data/events.sqlite cannot be written: SQLITE_FULL: database or disk is full',
    );
    const late = at({ location: 'db:5432/ledger', outcome: { ok: false, cause: 'did not answer in 2000 ms' } });
    expect(assessReadiness(late, limits).checks.eventStoreWrites).toEqual({
      ok: false,
      detail: 'event store at db:5432/ledger cannot be written: did not answer in 2000 ms',
    });
    expect(assessReadiness(healthy, limits).checks.eventStoreWrites).toEqual({
      ok: true,
      detail: 'event store at /data/events.sqlite took a write',
    });
    expect(assessReadiness(at(null), limits).checks.eventStoreWrites).toEqual({ ok: true, detail: 'not probed on this engine' });
  });
});
