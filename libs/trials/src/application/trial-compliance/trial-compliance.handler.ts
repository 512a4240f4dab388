import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { Clock, trialStreamId } from '@trial-ledger/ledger';
import { ComplianceFindings, TrialComplianceReadModel, isoDate } from '@trial-ledger/read-models';
import { NothingKnownError, TrialComplianceReport, complianceReport, complianceReportFromFindings } from '@trial-ledger/compliance';
import { RegistryRules } from '../ports/registry-rules.port';
import { TrialComplianceQuery } from './trial-compliance.query';

/**
 * Today's report (the default) reads the trial's findings, once they hold its newest revision: the answer is
 * as fresh as a replay's, without the replay. Another day's, or one the findings cannot answer, replays the
 * trial's own events.
 */
@QueryHandler(TrialComplianceQuery)
export class TrialComplianceHandler implements IQueryHandler<TrialComplianceQuery, TrialComplianceReport> {
  constructor(
    private readonly store: EventStore,
    private readonly findings: TrialComplianceReadModel,
    private readonly clock: Clock,
    private readonly rules: RegistryRules,
  ) {}

  async execute({ nctId, asOf: askedFor }: TrialComplianceQuery): Promise<TrialComplianceReport> {
    const now = this.clock.now();
    const today = isoDate(now);
    const asOf = askedFor ?? today;
    if (asOf === today) {
      const [findings, revision] = await Promise.all([this.findings.findings(nctId), this.store.streamRevision(trialStreamId(nctId))]);
      if (answersToday(findings, revision, today)) return complianceReportFromFindings(findings, asOf, now, this.rules.unknownPolicy);
    }
    return this.replay(nctId, asOf, now);
  }

  private async replay(nctId: string, asOf: string, now: Date): Promise<TrialComplianceReport> {
    const events = await this.store.readStream(trialStreamId(nctId));
    if (events.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    try {
      return complianceReport(nctId, events, asOf, now, this.rules.unknownPolicy);
    } catch (error) {
      if (!(error instanceof NothingKnownError)) throw error;
      throw new DomainError('TRIAL_NOT_FOUND', error.message, { nctId, asOf });
    }
  }
}

/** Findings answer for today when they hold the stream's newest revision and no fact of theirs is posted after today. */
const answersToday = (findings: ComplianceFindings | null, revision: number, today: string): findings is ComplianceFindings =>
  findings !== null && findings.revision === revision && (findings.latestReported === null || findings.latestReported <= today);
