import { SiteStatus, TrialEvent, TrialStatus } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { StreamBuilder, registered } from '../../testing/recorded-events';

export const NCT = 'NCT02985346';

/** A trial's stream with the recorded time and effective date of each event chosen by the spec. */
export class TrialStream {
  private readonly builder = new StreamBuilder();
  readonly events: RecordedEvent[] = [];

  constructor(readonly nctId = NCT) {}

  private add(event: TrialEvent, recordedAt: string, effectiveDate?: string): this {
    const recorded = this.builder.record(event, { effectiveDate });
    this.events.push({ ...recorded, metadata: { ...recorded.metadata, recordedAt } });
    return this;
  }

  register(recordedAt: string, effectiveDate?: string): this {
    return this.add(registered(this.nctId), recordedAt, effectiveDate);
  }

  status(from: TrialStatus, to: TrialStatus, recordedAt: string, effectiveDate?: string): this {
    return this.add({ type: 'TrialStatusChanged', data: { nctId: this.nctId, from, to } }, recordedAt, effectiveDate);
  }

  site(siteId: string, recordedAt: string, effectiveDate?: string): this {
    const data = { nctId: this.nctId, siteId, facility: `Hospital ${siteId}`, city: 'Guangzhou', country: 'China' };
    return this.add({ type: 'SiteAdded', data }, recordedAt, effectiveDate);
  }

  siteStatus(siteId: string, to: SiteStatus, recordedAt: string, effectiveDate?: string): this {
    return this.add({ type: 'SiteStatusChanged', data: { nctId: this.nctId, siteId, to } }, recordedAt, effectiveDate);
  }

  enrollment(count: number, recordedAt: string, effectiveDate?: string): this {
    return this.add({ type: 'EnrollmentUpdated', data: { nctId: this.nctId, count, type: 'ACTUAL' } }, recordedAt, effectiveDate);
  }
}
