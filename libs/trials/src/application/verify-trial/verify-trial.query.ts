import { Query } from '@nestjs/cqrs';
import { ChainVerification } from '@trial-ledger/ledger';

export interface TrialVerification extends ChainVerification {
  nctId: string;
  /** When the chain was recomputed (UTC): a verification says nothing about later changes. */
  verifiedAt: string;
}

export class VerifyTrialQuery extends Query<TrialVerification> {
  constructor(readonly nctId: string) {
    super();
  }
}
