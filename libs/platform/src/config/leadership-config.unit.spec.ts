import { loadConfig } from './app-config';

describe('loadConfig: the leader lease', () => {
  it('given no LEADER_LEASE_SECONDS, when loaded, then the lease runs 10 s', () => {
    expect(loadConfig({})).toMatchObject({ leaderLeaseSeconds: 10 });
  });

  it('given a lease from 2 to 300 s, when loaded, then it is taken as set', () => {
    expect(loadConfig({ LEADER_LEASE_SECONDS: '2' })).toMatchObject({ leaderLeaseSeconds: 2 });
    expect(loadConfig({ LEADER_LEASE_SECONDS: '300' })).toMatchObject({ leaderLeaseSeconds: 300 });
  });

  it('given a lease under 2 s or not whole, when loaded, then start-up fails naming the variable', () => {
    for (const raw of ['1', '2.5', 'long']) {
      expect(() => loadConfig({ LEADER_LEASE_SECONDS: raw })).toThrow(
        `LEADER_LEASE_SECONDS must be a whole number from 2 to 300, got "${raw}"`,
      );
    }
  });
});
