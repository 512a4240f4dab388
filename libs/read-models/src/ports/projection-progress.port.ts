/** Tells read-your-writes waiters that the projections moved on, so they need not poll hard. */
export abstract class ProjectionProgress {
  abstract onProgress(listener: () => void): () => void;
}
