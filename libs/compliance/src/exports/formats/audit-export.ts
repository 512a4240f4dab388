import { HistoryEntry } from '@trial-ledger/read-models';
import { AppliedFilters } from '@trial-ledger/read-models';
import { StreamHead } from '@trial-ledger/event-store';
import { ProofStep } from '@trial-ledger/ledger';

/** One entry's link in the trial's hash chain, with the stored metadata its hash covers (docs/audit.md). */
export interface ChainLink {
  revision: number;
  /** Null for an event stored before the chain existed. */
  previousHash: string | null;
  hash: string | null;
  /** The event's metadata as stored, without its integrity block. */
  metadata: Record<string, unknown>;
}

/** The latest signed checkpoint, and the path from the trial's head at its position to the signed root. */
export interface ExportCheckpoint {
  id: number;
  /** The signed text (canonical JSON) and its Ed25519 signature, base64. */
  payload: string;
  signature: string;
  head: StreamHead;
  proof: ProofStep[];
}

/** What lets an auditor check the file away from the service: the chain of its entries and the signed head. */
export interface ExportIntegrity {
  streamId: string;
  /** One per entry, in the entries' order. */
  links: ChainLink[];
  /** Null when nothing was signed yet, or the trial has no event at the checkpoint's position. */
  checkpoint: ExportCheckpoint | null;
}

/** What every export format writes: the entries, and who exported them, when and with which filters. */
export interface AuditExport {
  nctId: string;
  /** UTC, from the injected clock. */
  exportedAt: string;
  /** The authenticated subject that asked for the export. */
  exportedBy: string;
  filters: AppliedFilters;
  entries: HistoryEntry[];
  /** Written by the JSON format only. */
  integrity?: ExportIntegrity;
}

/**
 * A recorded value as text. Absent (null) stays null so that each format can leave it out its own way;
 * objects and arrays become JSON text, so that a list such as conditions is not flattened into prose.
 */
export const valueText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};
