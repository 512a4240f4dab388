import { AccessAction, AccessEntry, AccessParameters } from '@trial-ledger/compliance';
import { Clock } from '@trial-ledger/ledger';
import { AccessLog } from './access-log.port';

export interface Access {
  actor: string;
  role: string;
  channel: AccessEntry['channel'];
  action: AccessAction;
  nctId: string | null;
  parameters: AccessParameters;
}

/** Records one access at the clock's UTC instant; every entry point (HTTP, CLI) records through here. */
export const recordAccess = (log: AccessLog, clock: Clock, access: Access): Promise<AccessEntry> =>
  log.record({ ...access, at: clock.now().toISOString() });

/** Query parameters as given: a repeated one (which the routes refuse) is kept whole, as JSON text. */
export const parametersOf = (query: Record<string, unknown> | undefined): AccessParameters =>
  Object.fromEntries(
    Object.entries(query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v)]),
  );
