import { RecordedEvent } from '@trial-ledger/event-store';
import { auditAgainstLog } from '../support/load/log-audit';
import { Outcome } from '../support/load/outcomes';

// The load specs pass when this audit finds nothing, so it must be shown to find what it claims to.
const event = (eventId: string, revision: number, position: number, nctId = 'NCT1'): RecordedEvent => ({
  eventId,
  streamId: `trial-${nctId}`,
  revision,
  position,
  type: 'T',
  schemaVersion: 1,
  data: {},
  metadata: {
    eventId,
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    actor: 'a',
    role: 'operator',
    recordedAt: '2025-01-01T00:00:00Z',
  },
});

const applied = (eventIds: string[], revision: number, position: number, extra: Partial<Outcome> = {}): Outcome => ({
  kind: 'hot-blind',
  nctId: 'NCT1',
  status: 200,
  problemType: null,
  result: { nctId: 'NCT1', revision, position, eventIds, replayed: false },
  ...extra,
});

const refused = (status: number, type: string, extra: Partial<Outcome> = {}): Outcome => ({
  kind: 'hot-blind',
  nctId: 'NCT1',
  status,
  result: null,
  problemType: `https://trial-ledger.dev/problems/${type}`,
  ...extra,
});

describe('auditAgainstLog', () => {
  const log = [event('e1', 1, 1), event('e2', 2, 2), event('e3', 3, 3)];
  const answers = [
    applied(['e1'], 1, 1, { kind: 'setup' }),
    applied(['e2'], 2, 2),
    applied(['e3'], 3, 3),
    refused(412, 'stale-revision', { expectedRevision: 1 }),
    refused(409, 'concurrency-conflict'),
  ];

  it('finds nothing when the answers and the log agree', () => {
    expect(auditAgainstLog(answers, log)).toEqual([]);
  });

  it('finds an acknowledged event missing from the log (a lost update)', () => {
    expect(auditAgainstLog(answers, log.slice(0, 2))).toEqual([expect.stringMatching(/acknowledged but not in the log/)]);
  });

  it('finds an event that no 2xx reported (a refused command that appended)', () => {
    expect(
      auditAgainstLog(
        answers.filter((a) => a.result?.eventIds[0] !== 'e3'),
        log,
      ),
    ).toEqual([expect.stringMatching(/never acknowledged/)]);
  });

  it('finds an answer whose revision or position is not where the log has its event', () => {
    expect(auditAgainstLog([...answers.slice(0, 2), applied(['e3'], 3, 4)], log)).toEqual([expect.stringMatching(/log disagrees/)]);
  });

  it('finds two writers that both succeeded on one If-Match revision', () => {
    const racing = [answers[0], applied(['e2'], 2, 2, { expectedRevision: 1 }), applied(['e3'], 3, 3, { expectedRevision: 1 })];
    expect(auditAgainstLog(racing, log)).toEqual([
      expect.stringMatching(/If-Match not honoured/),
      '2 writers succeeded on revision NCT1@1',
    ]);
  });

  it('finds a retry under one Idempotency-Key that appended events of its own', () => {
    const retried = [answers[0], applied(['e2'], 2, 2, { idempotencyKey: 'k' }), applied(['e3'], 3, 3, { idempotencyKey: 'k' })];
    expect(auditAgainstLog(retried, log)).toEqual([expect.stringMatching(/Idempotency-Key k answered with other events/)]);
  });

  it('finds a 5xx, a refusal where nobody else writes, and refusals no lost race explains', () => {
    const unexplained = [
      refused(500, 'internal'),
      refused(409, 'concurrency-conflict', { kind: 'own' }),
      refused(412, 'stale-revision'),
      refused(409, 'site-already-exists', { kind: 'hot-idempotent' }),
      refused(400, 'validation-failed'),
    ];
    expect(auditAgainstLog([...answers, ...unexplained], log)).toHaveLength(unexplained.length);
  });

  it('finds a gap in a stream', () => {
    expect(auditAgainstLog(answers, [log[0], log[2]])).toContainEqual('trial-NCT1: revision 3 where 2 was due');
  });
});
