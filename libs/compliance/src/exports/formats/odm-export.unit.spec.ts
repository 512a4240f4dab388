import { readOdm } from '../../testing/odm-reader';
import { historyEntryFixture } from '../../../../read-models/src/testing/history-entries';
import { auditExportFixture } from '../../testing/audit-exports';
import { ODM_NAMESPACE, TL_NAMESPACE, writeOdmExport } from './odm-export';
import { xmlAttr, xmlText } from './xml-escape';

describe('XML escaping', () => {
  it('escapes the five special characters in text and attributes', () => {
    expect(xmlText(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
    expect(xmlAttr(`<"&'>`)).toBe('&lt;&quot;&amp;&apos;&gt;');
  });

  it('keeps tab, LF and CR in attributes as references, and CR in text, so that parsers do not normalise them', () => {
    expect(xmlAttr('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(xmlText('a\tb\nc\rd')).toBe('a\tb\nc&#13;d');
  });

  it('replaces characters XML 1.0 forbids by U+FFFD and keeps everything else, astral characters included', () => {
    expect(xmlText('nul\u0000 bell\u0007 vt\u000B esc\u001B ffff\uFFFF')).toBe('nul\uFFFD bell\uFFFD vt\uFFFD esc\uFFFD ffff\uFFFD');
    expect(xmlAttr('lone \uD800 high, lone \uDC00 low')).toBe('lone \uFFFD high, lone \uFFFD low');
    expect(xmlText('Zürich 北京 🧪 \u0085')).toBe('Zürich 北京 🧪 \u0085');
  });
});

describe('CDISC ODM-style audit export', () => {
  const nasty = 'Why: <b>"stop" & \'go\'</b>\r\nline\ttab \u0001 🧪';
  const entries = [
    historyEntryFixture(1, {
      type: 'TrialRegistered',
      reason: null,
      changes: [
        { field: 'status', from: null, to: 'NOT_YET_RECRUITING' },
        { field: 'conditions', from: null, to: ['MSC', 'Poor Graft'] },
      ],
    }),
    historyEntryFixture(2, {
      effectiveDate: '2024-02-01',
      actor: 'olga & co',
      reason: nasty,
      changes: [
        { field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' },
        { field: 'whyStopped', from: 'x', to: '' },
      ],
    }),
    historyEntryFixture(3),
  ];
  const filters = { type: ['TrialRegistered', 'TrialStatusChanged'], actor: null, from: '2025-01-01T00:00:00.000Z', to: null };
  const odm = readOdm(writeOdmExport(auditExportFixture(entries, { filters }))).ODM;
  const records = odm.ClinicalData.AuditRecords.AuditRecord;

  it('has an ODM 1.3.2 Snapshot root with its creation time, file OID and our extension namespace', () => {
    expect(odm).toMatchObject({
      xmlns: ODM_NAMESPACE,
      'xmlns:tl': TL_NAMESPACE,
      ODMVersion: '1.3.2',
      FileType: 'Snapshot',
      CreationDateTime: '2025-02-01T09:30:00.000Z',
      FileOID: 'TL.NCT05131412.AuditTrail.2025-02-01T09:30:00.000Z',
    });
    expect(odm.ClinicalData).toMatchObject({ StudyOID: 'NCT05131412' });
  });

  it('records who exported it, how many entries and with which filters, leaving out filters not asked', () => {
    expect(odm['tl:Export']).toEqual({
      ExportedBy: 'auditor-1',
      EntryCount: '3',
      Type: 'TrialRegistered,TrialStatusChanged',
      From: '2025-01-01T00:00:00.000Z',
    });
  });

  it('writes one AuditRecord per event with user, UTC time stamp, reason and the event id as SourceID', () => {
    expect(records).toHaveLength(3);
    expect(records[1]).toMatchObject({
      ID: 'AR.2',
      'tl:Revision': '2',
      'tl:EventType': 'TrialStatusChanged',
      'tl:Role': 'operator',
      'tl:EffectiveDate': '2024-02-01',
      UserRef: { UserOID: 'olga & co' },
      DateTimeStamp: '2025-01-15T11:00:00.000Z',
      SourceID: 'evt-2',
    });
  });

  it('reads back a reason with markup, quotes, CR LF and tab intact, and a forbidden control character as U+FFFD', () => {
    expect(records[1].ReasonForChange).toBe(nasty.replace('\u0001', '\uFFFD'));
  });

  it('leaves out ReasonForChange, tl:EffectiveDate, OldValue and NewValue where there is no value', () => {
    expect(records[0]).not.toHaveProperty('ReasonForChange');
    expect(records[0]).not.toHaveProperty('tl:EffectiveDate');
    expect(records[0]['tl:FieldChange'][0]).toEqual({ Field: 'status', NewValue: 'NOT_YET_RECRUITING' });
  });

  it('gives every field change its old and new value, lists as JSON text and an empty value as empty', () => {
    expect(JSON.parse(records[0]['tl:FieldChange'][1].NewValue)).toEqual(['MSC', 'Poor Graft']);
    expect(records[1]['tl:FieldChange']).toEqual([
      { Field: 'status', OldValue: 'NOT_YET_RECRUITING', NewValue: 'RECRUITING' },
      { Field: 'whyStopped', OldValue: 'x', NewValue: '' },
    ]);
    expect(records[2]).not.toHaveProperty('tl:FieldChange');
  });

  it('is still a well-formed document when there are no entries', () => {
    const empty = readOdm(writeOdmExport(auditExportFixture([]))).ODM;
    expect(empty['tl:Export']).toMatchObject({ EntryCount: '0' });
    expect(empty.ClinicalData.AuditRecords.AuditRecord).toBeUndefined();
  });
});

describe('ODM export of a registry version', () => {
  it('gives the posted date on the record and each change its own business date', () => {
    const entry = historyEntryFixture(2, {
      type: 'RegistryVersionObserved',
      postedDate: '2017-06-05',
      effectiveDate: '2013-01',
      businessDates: [{ field: 'status', date: '2013-01', basis: 'completionDate' }],
      changes: [
        { field: 'status', from: 'RECRUITING', to: 'COMPLETED' },
        { field: 'sites[s1].status', from: 'RECRUITING', to: null },
      ],
    });
    const xml = writeOdmExport(auditExportFixture([entry]));
    expect(xml).toContain('tl:PostedDate="2017-06-05"');
    expect(xml).toContain('<tl:FieldChange Field="status" OldValue="RECRUITING" NewValue="COMPLETED" EffectiveDate="2013-01"/>');
    expect(xml).toContain('<tl:FieldChange Field="sites[s1].status" OldValue="RECRUITING" EffectiveDate="2017-06-05"/>');
  });
});
