import { TrialEvent } from '@trial-ledger/domain';

/**
 * Who issues a command, why, and under which preconditions. It travels beside the command's intent and
 * becomes each event's metadata; the actor always comes from the authenticated caller, never from a body.
 */
export interface CommandMeta {
  actor: string;
  role: string;
  reason?: string;
  effectiveDate?: string;
  /** From If-Match: the trial's revision the caller last saw; a different revision means 412. */
  expectedRevision?: number;
  /** From Idempotency-Key: a retry with the same key returns the first result and appends nothing. */
  idempotencyKey?: string;
  /** Ties together the commands of one business flow (an import run, a client's X-Correlation-Id). */
  correlationId?: string;
}

export interface CommandContext extends CommandMeta {
  commandId: string;
  correlationId: string;
  causationId: string;
}

export interface CommandResult {
  nctId: string;
  /** The trial's revision after the command. */
  revision: number;
  /** Global position of the command's last event, for read-your-writes across trials. */
  position: number;
  eventIds: string[];
  /** True when an earlier command with the same Idempotency-Key produced this result. */
  replayed: boolean;
}

/** The result and the events the command appended (or, replayed, had appended): for in-process callers such as the import. */
export interface CommandOutcome extends CommandResult {
  events: TrialEvent[];
}
