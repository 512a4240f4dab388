import { RelayHealth } from '@trial-ledger/relay';
import { Observed, assessReadiness, lagCountLimit } from './readiness';

const limits = { maxReadModelLag: 10, maxRelayLag: 5 };
const relay = (lag: number): RelayHealth => ({
  enabled: true,
  state: 'running',
  position: 100 - lag,
  lag,
  consecutiveFailures: 0,
  lastError: null,
});
const healthy: Observed = { headPosition: 100, readModelLag: 5, relay: { enabled: false }, leader: true };
const failed = (o: Observed) =>
  Object.entries(assessReadiness(o, limits).checks)
    .filter(([, c]) => !c.ok)
    .map(([n]) => n);

describe('assessReadiness', () => {
  it('is ready when the store answers and both lags are within their limits (inclusive)', () => {
    expect(assessReadiness(healthy, limits).ready).toBe(true);
    expect(failed({ ...healthy, readModelLag: 10, relay: relay(5) })).toEqual([]);
  });

  it('fails the store check, and cannot judge the read-model lag, when the store does not answer', () => {
    const result = assessReadiness({ ...healthy, headPosition: null }, limits);
    expect(result.ready).toBe(false);
    expect(result.checks.eventStore).toEqual({ ok: false, detail: 'did not answer in time' });
    expect(result.checks.readModels.ok).toBe(false);
  });

  it('fails on a read-model lag over the limit, or read models that do not answer', () => {
    expect(failed({ ...healthy, readModelLag: 11 })).toEqual(['readModels']);
    expect(assessReadiness({ ...healthy, readModelLag: 11 }, limits).checks.readModels.detail).toBe('lag 11 (max 10)');
    expect(failed({ ...healthy, readModelLag: null })).toEqual(['readModels']);
    expect(assessReadiness({ ...healthy, readModelLag: null }, limits).checks.readModels.detail).toBe('the read models did not answer');
  });

  it('counts a lag past its limit, never less than /health counts, and says when the count stopped there', () => {
    expect(lagCountLimit(10)).toBe(100_000);
    expect(lagCountLimit(250_000)).toBe(250_001);
    expect(assessReadiness({ ...healthy, readModelLag: 99_999 }, limits).checks.readModels.detail).toBe('lag 99999 (max 10)');
    expect(assessReadiness({ ...healthy, readModelLag: 100_000 }, limits).checks.readModels.detail).toBe('lag at least 100000 (max 10)');
    expect(assessReadiness({ ...healthy, relay: relay(100_000) }, limits).checks.kafkaRelay.detail).toBe('lag at least 100000 (max 5)');
  });

  it('counts the relay lag only on the leader', () => {
    expect(failed({ ...healthy, relay: relay(6) })).toEqual(['kafkaRelay']);
    expect(failed({ ...healthy, relay: relay(6), leader: false })).toEqual([]);
    expect(assessReadiness({ ...healthy, relay: relay(6), leader: false }, limits).checks.kafkaRelay.detail).toBe('standby: not counted');
  });

  it('fails when the relay status does not answer, and passes when Kafka is off', () => {
    expect(failed({ ...healthy, relay: null })).toEqual(['kafkaRelay']);
    expect(assessReadiness(healthy, limits).checks.kafkaRelay).toEqual({ ok: true, detail: 'disabled' });
  });
});
