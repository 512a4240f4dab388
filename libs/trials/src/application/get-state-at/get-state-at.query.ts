import { Query } from '@nestjs/cqrs';
import { RegisteredTrial } from '@trial-ledger/domain';

export interface TrialStateAt {
  nctId: string;
  /** The revision the state was rebuilt to. */
  revision: number;
  /** When that revision was recorded (UTC). */
  recordedAt: string;
  state: Omit<RegisteredTrial, 'registered'>;
}

export type ReplayPoint = { revision: number } | { asOf: Date } | { latest: true };

export class GetStateAtQuery extends Query<TrialStateAt> {
  constructor(readonly nctId: string, readonly at: ReplayPoint) {
    super();
  }
}
