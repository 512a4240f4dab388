/**
 * What kind of read of the audit trail, or operator action on the read side, an access-log entry records. Reading
 * the access log is recorded too: who looked at who read a trail is itself part of the record.
 */
export const ACCESS_ACTIONS = [
  'history.read',
  'history.export',
  'state.replay',
  'projection.skip',
  'access-log.read',
  'access-log.export',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** The parameters of the access as given: filters, format, replay point; for a skip, the event and the reason. */
export type AccessParameters = Record<string, string | number | boolean>;

/**
 * One recorded access: who (the authenticated subject and role, or the CLI's --actor), when (UTC, from the
 * injected clock), through what (`http` or `cli`), which trial, and with which parameters. Never an event of a
 * trial's stream: it does not enter the hash chains, and reading the trail changes no trial.
 */
export interface AccessEntry {
  /** The store's sequence: ascending in the order recorded. */
  id: number;
  at: string;
  actor: string;
  role: string;
  channel: 'http' | 'cli';
  action: AccessAction;
  nctId: string | null;
  parameters: AccessParameters;
}

export type NewAccessEntry = Omit<AccessEntry, 'id'>;

/** The filters an access-log listing or export applied, as its envelope states them. */
export interface AccessLogFilters {
  nctId?: string;
  action?: AccessAction;
  /** Inclusive, UTC instant. */
  from?: string;
  /** Exclusive, UTC instant. */
  to?: string;
}

/** What every access-log export format writes: the entries, and who exported them, when and with which filters. */
export interface AccessLogExport {
  exportedAt: string;
  exportedBy: string;
  filters: AccessLogFilters;
  entries: AccessEntry[];
}
