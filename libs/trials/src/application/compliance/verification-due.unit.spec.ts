import { TrialStream } from './compliance.fixtures';
import { verificationCheck } from './verification-due';

describe('records not verified within 12 months', () => {
  const { events } = new TrialStream()
    .register('2024-01-10T09:00:00.000Z')
    .enrollment(20, '2024-03-15T10:00:00.000Z', '2024-03-01');

  it('is due 12 months after the last recorded event, whatever its type, and overdue only after that instant', () => {
    const onTime = verificationCheck(events, 'RECRUITING', new Date('2025-03-15T10:00:00.000Z'));
    expect(onTime).toEqual({
      lastRecordedAt: '2024-03-15T10:00:00.000Z', lastRevision: 2, dueBy: '2025-03-15T10:00:00.000Z',
      required: true, overdue: false, daysSinceLastRecord: 365,
    });
    expect(verificationCheck(events, 'RECRUITING', new Date('2025-03-15T10:00:00.001Z')).overdue).toBe(true);
  });

  it('applies to UNKNOWN but not to a final status', () => {
    const later = new Date('2026-01-01T00:00:00.000Z');
    expect(verificationCheck(events, 'UNKNOWN', later)).toMatchObject({ required: true, overdue: true });
    for (const status of ['COMPLETED', 'TERMINATED', 'WITHDRAWN'] as const) {
      expect(verificationCheck(events, status, later)).toMatchObject({ required: false, overdue: false, daysSinceLastRecord: 657 });
    }
  });
});
