import { StoreWriteProbe, Writability } from '@trial-ledger/event-store';
import { CoalescedWriteProbe } from './coalesced-write-probe';

class CountingProbe extends StoreWriteProbe {
  readonly location = '/data/events.sqlite';
  writes = 0;
  verdict: Writability = { writable: true };
  async probe(): Promise<Writability> {
    this.writes += 1;
    await Promise.resolve();
    return this.verdict;
  }
}

describe('CoalescedWriteProbe', () => {
  let inner: CountingProbe;
  let nowMs: number;
  let probe: CoalescedWriteProbe;

  beforeEach(() => {
    inner = new CountingProbe();
    nowMs = 0;
    probe = new CoalescedWriteProbe(inner, 1000, () => nowMs);
  });

  it('given a flood of readiness requests at once, when they probe, then the store takes one write', async () => {
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => probe.probe()));
    expect(inner.writes).toBe(1);
    expect(verdicts.every((v) => v.writable)).toBe(true);
  });

  it('given a verdict within the window, when probed again, then no new write is made', async () => {
    await probe.probe();
    nowMs = 999;
    await probe.probe();
    expect(inner.writes).toBe(1);
  });

  it('given the window has passed, when probed, then it writes again and reports the new verdict', async () => {
    await probe.probe();
    inner.verdict = { writable: false, reason: 'SQLITE_FULL: database or disk is full' };
    nowMs = 1000;
    expect(await probe.probe()).toEqual({ writable: false, reason: 'SQLITE_FULL: database or disk is full' });
    expect(inner.writes).toBe(2);
  });

  it('names the store it probes', () => {
    expect(probe.location).toBe('/data/events.sqlite');
  });
});
