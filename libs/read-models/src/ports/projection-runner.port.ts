import { ProjectionProgress } from './projection-progress.port';

/**
 * Runs the projections live, each from its durable checkpoint, until stopped. Where they run (this event loop
 * or a thread of their own) is the adapter's choice; callers only start, stop and listen for progress.
 */
export abstract class ProjectionRunner extends ProjectionProgress {
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
