import { createHash } from 'node:crypto';
import { ObservedRecord } from './registry-version';

/** JSON with object keys sorted, so the same record always gives the same text whatever order it was built in. */
const canonical = (value: unknown): string => {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  // Built with loops and one string: every imported version goes through here.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${canonical(value[i]) ?? ''}`;
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    if (object[key] === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonical(object[key])}`;
  }
  return `${out}}`;
};

/** SHA-256 of a registry version's mapped record: what tells two records of one version apart. */
export const recordDigest = (record: ObservedRecord): string => createHash('sha256').update(canonical(record)).digest('hex');
