import { Injectable } from '@nestjs/common';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { badRequest } from '@trial-ledger/platform';
import { TrialReadModel } from '@trial-ledger/read-models';
import { ProjectionProgress } from '@trial-ledger/read-models';
import { waitUntil } from '@trial-ledger/read-models';
import { trialStreamId } from '@trial-ledger/ledger';

export abstract class ReadYourWritesSettings {
  abstract readonly timeoutMs: number;
}

/** The projections have not caught up within the wait: a server condition (503), not the client's fault. */
export class ReadModelLaggingError extends Error {
  constructor(readonly position: number) {
    super(`The read models have not yet reached position ${position}; retry shortly`);
    this.name = 'ReadModelLaggingError';
  }
}

@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: TrialReadModel,
    private readonly progress: ProjectionProgress,
    private readonly settings: ReadYourWritesSettings,
  ) {}

  /** Waits until every read model shows the trial at `minRevision` or later. */
  async trialRevision(nctId: string, minRevision: number | undefined): Promise<void> {
    if (minRevision === undefined) return;
    const [event] = await this.store.readStream(trialStreamId(nctId), { fromRevision: minRevision, toRevision: minRevision });
    if (!event) {
      const current = await this.store.streamRevision(trialStreamId(nctId));
      if (current === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
      throw badRequest('minRevision', `trial ${nctId} has only revision ${current}`);
    }
    await this.position(event.position);
  }

  /** Waits until every read model has applied the log up to `minPosition`. */
  async position(minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined) return;
    if (minPosition > (await this.store.headPosition())) {
      throw badRequest('minPosition', 'is beyond the newest event in the log');
    }
    const reached = await waitUntil(
      async () => (await this.readModel.position()) >= minPosition,
      (listener) => this.progress.onProgress(listener),
      this.settings.timeoutMs,
    );
    if (!reached) throw new ReadModelLaggingError(minPosition);
  }
}
