import { HistoryEntry } from '@trial-ledger/read-models';
import { AuditExport } from '../exports/formats/audit-export';

/** An export as the writers receive it, for the format specs; overrides win. */
export const auditExportFixture = (entries: HistoryEntry[], overrides: Partial<AuditExport> = {}): AuditExport => ({
  nctId: 'NCT05131412',
  exportedAt: '2025-02-01T09:30:00.000Z',
  exportedBy: 'auditor-1',
  filters: { type: null, actor: null, from: null, to: null },
  entries,
  ...overrides,
});
