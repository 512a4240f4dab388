import { FhirRequestError } from './outcome';
import { inRange, parseStudySearch } from './search-params';

const refusal = (query: Record<string, unknown>): FhirRequestError => {
  try {
    parseStudySearch(query);
  } catch (error) {
    return error as FhirRequestError;
  }
  throw new Error('not refused');
};

describe('parseStudySearch', () => {
  it('given nothing, when parsed, then the first page of 20', () => {
    expect(parseStudySearch({})).toEqual({ statuses: undefined, lastUpdated: {}, count: 20, offset: 0 });
  });

  it('given statuses with and without their system, when parsed, then the codes', () => {
    expect(parseStudySearch({ status: ['active,http://hl7.org/fhir/research-study-status|completed'] }).statuses).toEqual([
      'active',
      'completed',
    ]);
  });

  it('given _lastUpdated prefixes, when parsed, then the instants each covers by its precision', () => {
    const range = (v: string | string[]) => parseStudySearch({ _lastUpdated: v }).lastUpdated;
    expect(range('2025-01')).toEqual({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') });
    expect(range('gt2025-01-15')).toEqual({ from: new Date('2025-01-16T00:00:00Z') });
    expect(range('le2025')).toEqual({ to: new Date('2026-01-01T00:00:00Z') });
    expect(range(['ge2025-01-15T10:00:00+02:00', 'lt2025-01-16'])).toEqual({
      from: new Date('2025-01-15T08:00:00Z'),
      to: new Date('2025-01-16T00:00:00Z'),
    });
    expect(inRange('2025-01-15T08:00:00.000Z', range('eq2025-01-15T08:00Z'))).toBe(true);
    expect(inRange('2025-01-15T08:01:00.000Z', range('eq2025-01-15T08:00Z'))).toBe(false);
  });

  it('given unsupported or malformed parameters, when parsed, then a 400 naming each', () => {
    const error = refusal({ title: 'x', _lastUpdated: 'ge2025-02-30', _offset: '-1', status: 'recruiting' });
    expect(error.status).toBe(400);
    expect(error.issues.map((i) => i.expression)).toEqual(['title', 'status', '_lastUpdated', '_offset']);
    expect(refusal({ _lastUpdated: '2025-01-15T10:00' }).status).toBe(400);
    expect(refusal({ _count: ['1', '2'] }).status).toBe(400);
  });
});
