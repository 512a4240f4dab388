import { Query } from '@nestjs/cqrs';
import { StatusAsOf } from '@trial-ledger/domain';
import { ReplayedTrial } from '@trial-ledger/ledger';

export interface TrialStateAt {
  nctId: string;
  /** The revision the state was rebuilt to. */
  revision: number;
  /** When that revision was recorded (UTC). */
  recordedAt: string;
  state: ReplayedTrial;
  /** For registryAsOf: the status the registry showed that day, UNKNOWN derived where the verification had lapsed. */
  registryStatus?: StatusAsOf;
}

export type ReplayPoint = { revision: number } | { asOf: Date } | { registryAsOf: string } | { latest: true };

export class GetStateAtQuery extends Query<TrialStateAt> {
  constructor(
    readonly nctId: string,
    readonly at: ReplayPoint,
  ) {
    super();
  }
}
