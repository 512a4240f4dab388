import { Env, integer } from './env-readers';

/** How the API meets clients it does not control: request rate and which browser origins may call it. */
export interface HttpConfig {
  /** Requests per minute per client (token subject, else IP address); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Exact origins a browser may call the API from; empty: no CORS headers at all. */
  corsOrigins: string[];
}

/**
 * An origin is compared byte for byte with the browser's Origin header, so only the canonical form
 * (scheme://host[:port], no path, no trailing slash) can ever match; anything else is a typo to report.
 */
const isOrigin = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
};

const originsOf = (env: Env, problems: string[]): string[] => {
  const raw = env.CORS_ORIGINS ?? '';
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const bad = origins.filter((o) => !isOrigin(o));
  if (bad.length > 0) {
    problems.push(`CORS_ORIGINS must be a comma-separated list of exact origins like https://app.example.org, got "${bad.join('", "')}"`);
  }
  return origins;
};

export const loadHttpConfig = (env: Env, problems: string[]): HttpConfig => ({
  rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000, problems),
  corsOrigins: originsOf(env, problems),
});
