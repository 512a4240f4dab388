/** Small readers shared by every config section; each records a problem instead of throwing, so all are reported at once. */
export type Env = Record<string, string | undefined>;

export const integer = (env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
};

export const boolean = (env: Env, name: string, fallback: boolean, problems: string[]): boolean => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  problems.push(`${name} must be "true" or "false", got "${raw}"`);
  return fallback;
};

export const oneOf = <T extends string>(env: Env, name: string, allowed: readonly T[], problems: string[]): T | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return undefined;
};
