import { historyEntryFixture } from '../../../../read-models/src/testing/history-entries';
import { auditExportFixture } from '../../testing/audit-exports';
import { writeJsonExport } from './json-export';

describe('JSON audit export', () => {
  const entries = [
    historyEntryFixture(1, { type: 'TrialRegistered', changes: [{ field: 'status', from: null, to: 'NOT_YET_RECRUITING' }] }),
    historyEntryFixture(2, { reason: 'Naïve "quotes" \u0000 and 北京' }),
  ];

  it('wraps the entries in an envelope: trial, export time and subject, filters and entry count', () => {
    const filters = { type: ['TrialRegistered', 'TrialStatusChanged'], actor: 'olga', from: '2025-01-01T00:00:00.000Z', to: null };
    const parsed = JSON.parse(writeJsonExport(auditExportFixture(entries, { filters })));
    expect(parsed).toEqual({
      nctId: 'NCT05131412',
      exportedAt: '2025-02-01T09:30:00.000Z',
      exportedBy: 'auditor-1',
      filters,
      entryCount: 2,
      entries,
    });
  });

  it('puts the envelope before the entries and ends with a newline, for a reader opening the file', () => {
    const text = writeJsonExport(auditExportFixture(entries));
    expect(Object.keys(JSON.parse(text))).toEqual(['nctId', 'exportedAt', 'exportedBy', 'filters', 'entryCount', 'entries']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "entryCount": 2,\n');
  });

  it('writes an empty, still self-describing file when the filters match nothing', () => {
    expect(JSON.parse(writeJsonExport(auditExportFixture([])))).toMatchObject({ entryCount: 0, entries: [] });
  });
});
