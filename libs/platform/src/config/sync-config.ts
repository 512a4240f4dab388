import { Env, integer } from './env-readers';

/** ClinicalTrials.gov API v2, where the registry serves the studies a sync asks for. */
export const REGISTRY_API_URL = 'https://clinicaltrials.gov/api/v2';

/** How a registry sync runs; the CLI's flags override the first three, the worker uses them as they are. */
export interface SyncConfig {
  baseUrl: string;
  /** Studies per page: 1 to 1,000, the registry's own ceiling. */
  pageSize: number;
  /** Requests per second at most, retries included. */
  requestsPerSecond: number;
  /** How long one page may keep failing (429, 5xx, no answer) before the run stops, its cursor where it was. */
  maxRetryMs: number;
  /** The worker's schedule; null (the default) runs no sync in the background. */
  intervalMinutes: number | null;
  /** Where the background sync starts when no cursor is saved yet; without it, it waits for one. */
  since: string | null;
}

/** ClinicalTrials.gov asks API clients for about 50 requests a minute per IP: 0.8 a second stays under it. */
export const DEFAULT_SYNC_RATE = 0.8;

const rate = (env: Env, problems: string[]): number => {
  const raw = env.SYNC_RATE;
  if (raw === undefined || raw === '') return DEFAULT_SYNC_RATE;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    problems.push(`SYNC_RATE must be requests per second, more than 0 and at most 100, got "${raw}"`);
    return DEFAULT_SYNC_RATE;
  }
  return value;
};

const url = (env: Env, problems: string[]): string => {
  const raw = env.SYNC_BASE_URL;
  if (raw === undefined || raw === '') return REGISTRY_API_URL;
  if (!/^https?:\/\/\S+$/.test(raw) || !URL.canParse(raw)) problems.push(`SYNC_BASE_URL must be an http(s) URL, got "${raw}"`);
  return raw;
};

const day = (env: Env, problems: string[]): string | null => {
  const raw = env.SYNC_SINCE;
  if (raw === undefined || raw === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    problems.push(`SYNC_SINCE must be a day as yyyy-MM-dd, got "${raw}"`);
    return null;
  }
  return raw;
};

export const loadSyncConfig = (env: Env, problems: string[]): SyncConfig => {
  const interval = integer(env, 'SYNC_INTERVAL_MINUTES', 0, 0, 7 * 24 * 60, problems);
  return {
    baseUrl: url(env, problems),
    pageSize: integer(env, 'SYNC_PAGE_SIZE', 1000, 1, 1000, problems),
    requestsPerSecond: rate(env, problems),
    maxRetryMs: integer(env, 'SYNC_MAX_RETRY_SECONDS', 1800, 1, 24 * 60 * 60, problems) * 1000,
    intervalMinutes: interval === 0 ? null : interval,
    since: day(env, problems),
  };
};
