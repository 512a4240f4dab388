import { EventStore } from '@trial-ledger/event-store';
import { ProjectionFault, ProjectionRunner } from '../ports/projection-runner.port';
import { InProcessProjectionRunner, ProjectionRunnerOptions } from '../projection/projection-runner';
import { ThreadedProjections } from './threaded-projections';

/**
 * Live projections of the embedded read models: this loop reads the log (one subscription for all of them)
 * and a thread applies the batches (ThreadedProjections). Progress is reported once a batch is committed.
 */
export class ThreadedProjectionRunner extends ProjectionRunner {
  private readonly projections: ThreadedProjections;
  private readonly runner: InProcessProjectionRunner;

  constructor(store: EventStore, readModelFile: string, options: ProjectionRunnerOptions = {}) {
    super();
    this.projections = new ThreadedProjections({ readModelFile });
    this.runner = new InProcessProjectionRunner(store, [this.projections], options);
  }

  start(): Promise<void> {
    return this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    await this.projections.close();
  }

  onProgress(listener: () => void): () => void {
    return this.runner.onProgress(listener);
  }

  faults(): ProjectionFault[] {
    return this.runner.faults();
  }
}
