import { ResearchStudyStatus, isResearchStudyStatus } from './status-map';
import { FhirRequestError, OutcomeIssue } from './outcome';

/** An instant range, start inclusive and end exclusive, either end open. */
export interface InstantRange {
  from?: Date;
  to?: Date;
}

export interface StudySearch {
  /** Any of these (a comma-separated token list is an OR in FHIR). */
  statuses?: ResearchStudyStatus[];
  lastUpdated: InstantRange;
  count: number;
  offset: number;
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
const SUPPORTED = ['status', '_lastUpdated', '_count', '_offset'];
const STATUS_SYSTEM = 'http://hl7.org/fhir/research-study-status|';
// A FHIR date or dateTime; a time needs a zone here, since "the server's zone" would be a guess.
const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const PREFIXES = ['eq', 'gt', 'ge', 'lt', 'le'] as const;
type Prefix = (typeof PREFIXES)[number];

/** The instants a FHIR date value covers, by its precision: [start, end). */
const span = (value: string): { start: Date; end: Date } | null => {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h] = m;
  if (h !== undefined) {
    const start = new Date(value);
    const precisionMs = m[6] === undefined ? 60_000 : m[7] === undefined ? 1000 : 1;
    return Number.isNaN(start.getTime()) ? null : { start, end: new Date(start.getTime() + precisionMs) };
  }
  const start = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  const end = new Date(Date.UTC(Number(y) + (mo ? 0 : 1), mo ? Number(mo) - (d ? 1 : 0) : 0, d ? Number(d) + 1 : 1));
  const valid =
    start.getUTCFullYear() === Number(y) && (!mo || start.getUTCMonth() === Number(mo) - 1) && (!d || start.getUTCDate() === Number(d));
  return valid ? { start, end } : null;
};

const narrow = (range: InstantRange, prefix: Prefix, s: { start: Date; end: Date }): InstantRange => {
  const later = (a: Date | undefined, b: Date): Date => (a && a > b ? a : b);
  const earlier = (a: Date | undefined, b: Date): Date => (a && a < b ? a : b);
  if (prefix === 'gt') return { ...range, from: later(range.from, s.end) };
  if (prefix === 'ge') return { ...range, from: later(range.from, s.start) };
  if (prefix === 'lt') return { ...range, to: earlier(range.to, s.start) };
  if (prefix === 'le') return { ...range, to: earlier(range.to, s.end) };
  return { from: later(range.from, s.start), to: earlier(range.to, s.end) };
};

const values = (raw: unknown): string[] => (Array.isArray(raw) ? raw.map(String) : [String(raw)]);

const lastUpdatedOf = (raw: unknown, issues: OutcomeIssue[]): InstantRange =>
  values(raw).reduce<InstantRange>((range, value) => {
    const prefix = (PREFIXES as readonly string[]).includes(value.slice(0, 2)) ? (value.slice(0, 2) as Prefix) : 'eq';
    const s = span(prefix === 'eq' && !value.startsWith('eq') ? value : value.slice(2));
    if (s) return narrow(range, prefix, s);
    issues.push({
      expression: '_lastUpdated',
      diagnostics: `_lastUpdated "${value}": expected [eq|gt|ge|lt|le] then a date or a dateTime with a zone`,
    });
    return range;
  }, {});

const statusesOf = (raw: unknown, issues: OutcomeIssue[]): ResearchStudyStatus[] =>
  values(raw)
    .flatMap((v) => v.split(','))
    .map((v) => (v.startsWith(STATUS_SYSTEM) ? v.slice(STATUS_SYSTEM.length) : v))
    .filter((v): v is ResearchStudyStatus => {
      if (isResearchStudyStatus(v)) return true;
      issues.push({ expression: 'status', diagnostics: `status "${v}" is not a code of http://hl7.org/fhir/research-study-status` });
      return false;
    });

const integer = (raw: unknown, name: string, min: number, max: number, issues: OutcomeIssue[]): number | undefined => {
  if (raw === undefined) return undefined;
  const text = values(raw);
  const n = Number(text[0]);
  if (text.length === 1 && /^\d+$/.test(text[0]) && n >= min && n <= max) return n;
  issues.push({ expression: name, diagnostics: `${name} must be one whole number from ${min} to ${max}` });
  return undefined;
};

/** The ResearchStudy search this server supports; anything else is refused with every reason at once. */
export const parseStudySearch = (query: Record<string, unknown>): StudySearch => {
  const issues: OutcomeIssue[] = Object.keys(query)
    .filter((name) => !SUPPORTED.includes(name))
    .map((name) => ({ expression: name, diagnostics: `Search parameter ${name} is not supported; supported: ${SUPPORTED.join(', ')}` }));
  const statuses = query.status === undefined ? undefined : statusesOf(query.status, issues);
  const lastUpdated = query._lastUpdated === undefined ? {} : lastUpdatedOf(query._lastUpdated, issues);
  const count = integer(query._count, '_count', 0, MAX_COUNT, issues) ?? DEFAULT_COUNT;
  const offset = integer(query._offset, '_offset', 0, Number.MAX_SAFE_INTEGER, issues) ?? 0;
  if (issues.length) throw new FhirRequestError(400, issues);
  return { statuses, lastUpdated, count, offset };
};

export const inRange = (instant: string, range: InstantRange): boolean => {
  const t = Date.parse(instant);
  return (!range.from || t >= range.from.getTime()) && (!range.to || t < range.to.getTime());
};
