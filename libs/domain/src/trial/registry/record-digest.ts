import { createHash } from 'node:crypto';
import { ObservedRecord } from './registry-version';

/** JSON with object keys sorted, so the same record always gives the same text whatever order it was built in. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** SHA-256 of a registry version's mapped record: what tells two records of one version apart. */
export const recordDigest = (record: ObservedRecord): string => createHash('sha256').update(canonical(record)).digest('hex');
