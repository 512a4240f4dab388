import { RecordedEvent } from '@trial-ledger/event-store';
import { TRIAL_EVENT_SCHEMA_VERSIONS, TrialEvent } from '@trial-ledger/domain';
import { trialStreamId } from '../trial-stream';

/** Builds a trial's stream as the store would return it, for projection specs. */
export class StreamBuilder {
  private position = 0;
  private readonly revisions = new Map<string, number>();

  constructor(private time = Date.parse('2025-03-01T08:00:00.000Z')) {}

  record(event: TrialEvent, meta: { reason?: string; effectiveDate?: string; actor?: string } = {}): RecordedEvent {
    const nctId = event.data.nctId;
    const revision = (this.revisions.get(nctId) ?? 0) + 1;
    this.revisions.set(nctId, revision);
    this.position += 1;
    this.time += 60_000;
    const eventId = `evt-${this.position}`;
    return {
      streamId: trialStreamId(nctId),
      revision,
      position: this.position,
      eventId,
      type: event.type,
      schemaVersion: TRIAL_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data as unknown as Record<string, unknown>,
      metadata: {
        eventId,
        commandId: `cmd-${this.position}`,
        correlationId: `cmd-${this.position}`,
        causationId: `cmd-${this.position}`,
        actor: meta.actor ?? 'alice',
        role: 'operator',
        recordedAt: new Date(this.time).toISOString(),
        ...(meta.reason ? { reason: meta.reason } : {}),
        ...(meta.effectiveDate ? { effectiveDate: meta.effectiveDate } : {}),
      },
    };
  }
}

export const registered = (nctId: string): TrialEvent => ({
  type: 'TrialRegistered',
  data: {
    nctId,
    title: 'Bone marrow MSC in pulmonary hemosiderosis',
    sponsor: { name: 'Sun Yat-sen University' },
    studyType: 'INTERVENTIONAL',
    phases: ['EARLY_PHASE1'],
    conditions: ['Idiopathic Pulmonary Hemosiderosis'],
    interventions: [{ type: 'BIOLOGICAL', name: 'Bone marrow mesenchymal stem cells' }],
    enrollment: { count: 100, type: 'ESTIMATED' },
    status: 'NOT_YET_RECRUITING',
    startDate: { date: '2017-01-01', type: 'ESTIMATED' },
  },
});
