/**
 * Errors the decider raises. Each carries a stable `code` that the HTTP layer maps to a status,
 * so the domain never needs to know about HTTP.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'TRIAL_NOT_FOUND'
  | 'TRIAL_ALREADY_REGISTERED'
  | 'INVALID_STATUS_TRANSITION'
  | 'SITE_NOT_FOUND'
  | 'SITE_ALREADY_EXISTS'
  | 'NO_CHANGE'
  /** The record, or a field of it, is not corrected this way (a status, say, is changed anew instead). */
  | 'CORRECTION_NOT_ALLOWED'
  /** A later event changed the field since the corrected revision; a correction would silently overwrite it. */
  | 'CORRECTION_SUPERSEDED'
  /** A registry version older than the one the ledger already holds. */
  | 'STALE_REGISTRY_VERSION'
  /** The change would leave the record with a problem the registry refuses (a PRS-style ERROR). */
  | 'INCONSISTENT_RECORD';

export interface FieldViolation {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  constructor(readonly violations: FieldViolation[]) {
    super('VALIDATION_FAILED', violations.map((v) => `${v.field}: ${v.message}`).join('; '), { violations });
  }
}

export const violation = (field: string, message: string): ValidationError => new ValidationError([{ field, message }]);
