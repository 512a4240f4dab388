import { RelayHealth } from '@trial-ledger/relay';
import { Observed, assessReadiness } from './readiness';

const limits = { maxReadModelLag: 10, maxRelayLag: 5 };
const relay = (lag: number): RelayHealth =>
  ({ enabled: true, state: 'running', position: 100 - lag, lag, consecutiveFailures: 0, lastError: null });
const healthy: Observed = { headPosition: 100, readModelPosition: 95, relay: { enabled: false }, leader: true };
const failed = (o: Observed) => Object.entries(assessReadiness(o, limits).checks).filter(([, c]) => !c.ok).map(([n]) => n);

describe('assessReadiness', () => {
  it('is ready when the store answers and both lags are within their limits (inclusive)', () => {
    expect(assessReadiness(healthy, limits).ready).toBe(true);
    expect(failed({ ...healthy, readModelPosition: 90, relay: relay(5) })).toEqual([]);
  });

  it('fails the store check, and cannot judge the read-model lag, when the store does not answer', () => {
    const result = assessReadiness({ ...healthy, headPosition: null }, limits);
    expect(result.ready).toBe(false);
    expect(result.checks.eventStore).toEqual({ ok: false, detail: 'did not answer in time' });
    expect(result.checks.readModels.ok).toBe(false);
  });

  it('fails on a read-model lag over the limit, or read models that do not answer', () => {
    expect(failed({ ...healthy, readModelPosition: 89 })).toEqual(['readModels']);
    expect(assessReadiness({ ...healthy, readModelPosition: 89 }, limits).checks.readModels.detail).toBe('lag 11 (max 10)');
    expect(failed({ ...healthy, readModelPosition: null })).toEqual(['readModels']);
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
