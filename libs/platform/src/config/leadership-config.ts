import { Env, integer } from './env-readers';

/**
 * How long a leader's lease runs unrenewed before a standby may take over. A leader renews every third of it
 * and a standby tries every fifth, so a hung leader is replaced within 1.2 times the lease (12 s by default).
 * Shorter takes over sooner but steps a leader down on a briefer stall of the database or of its own loop.
 */
export interface LeadershipConfig {
  leaderLeaseSeconds: number;
}

export const DEFAULT_LEADER_LEASE_SECONDS = 10;

export const loadLeadershipConfig = (env: Env, problems: string[]): LeadershipConfig => ({
  leaderLeaseSeconds: integer(env, 'LEADER_LEASE_SECONDS', DEFAULT_LEADER_LEASE_SECONDS, 2, 300, problems),
});
