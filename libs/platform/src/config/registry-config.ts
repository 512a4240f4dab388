import { DEFAULT_UNKNOWN_POLICY, TRIAL_STATUSES, TrialStatus, UnknownPolicy } from '@trial-ledger/domain';
import { Env, integer } from './env-readers';

/**
 * The registry rules no published source pins down (⚠ in docs/status-lifecycle.md), as assumptions an operator
 * can change: which statuses count as open when UNKNOWN is derived, and after how many months without verification.
 */
export interface RegistryConfig {
  unknownPolicy: UnknownPolicy;
}

const statuses = (env: Env, name: string, fallback: readonly TrialStatus[], problems: string[]): readonly TrialStatus[] => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const listed = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = listed.filter((s) => !(TRIAL_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) problems.push(`${name} lists ${unknown.join(', ')}, not statuses of the registry (${TRIAL_STATUSES.join(', ')})`);
  return listed.filter((s): s is TrialStatus => (TRIAL_STATUSES as readonly string[]).includes(s));
};

export const loadRegistryConfig = (env: Env, problems: string[]): RegistryConfig => ({
  unknownPolicy: {
    openStatuses: statuses(env, 'UNKNOWN_OPEN_STATUSES', DEFAULT_UNKNOWN_POLICY.openStatuses, problems),
    monthsWithoutVerification: integer(env, 'UNKNOWN_AFTER_MONTHS', DEFAULT_UNKNOWN_POLICY.monthsWithoutVerification, 1, 240, problems),
  },
});
