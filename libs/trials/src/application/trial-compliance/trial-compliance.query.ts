import { Query } from '@nestjs/cqrs';
import { TrialComplianceReport } from '../compliance/compliance-report';

export class TrialComplianceQuery extends Query<TrialComplianceReport> {
  constructor(readonly nctId: string, readonly asOf?: string) {
    super();
  }
}
