import { Query } from '@nestjs/cqrs';
import { TrialComplianceReport } from '@trial-ledger/compliance';

export class TrialComplianceQuery extends Query<TrialComplianceReport> {
  constructor(
    readonly nctId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}
