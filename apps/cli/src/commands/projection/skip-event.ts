import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { Clock } from '@trial-ledger/ledger';
import { TrialReadModel } from '@trial-ledger/read-models';
import { AccessLog, SkipRefused, skipEvent } from '@trial-ledger/trials';
import { CliIo } from '../../cli-io';

export interface SkipOptions {
  position: number;
  reason: string;
  actor: string;
}

/**
 * `projection skip`: the operator's way past an event no projection can apply (docs/reliability.md). The skip is
 * recorded on the access log with who, when and why, and the running projections pass over the event at their next
 * attempt. Exit 0 once recorded; 1 when refused (no reason, no such event, applied already, skipped already), with
 * nothing recorded.
 */
export const skipEventCommand = async (app: INestApplicationContext, options: SkipOptions, io: CliIo): Promise<number> => {
  const deps = { store: app.get(EventStore), readModel: app.get(TrialReadModel), log: app.get(AccessLog), clock: app.get(Clock) };
  try {
    const { id, parameters: p } = await skipEvent(deps, options);
    io.stdout.write(
      `Skipped position ${p.position} (${p.type}, stream ${p.streamId}) on the record as access-log entry ${id}; ` +
        'the projections pass over it at their next attempt (GET /health/ready shows when they are applying events again)\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof SkipRefused)) throw error;
    io.stderr.write(`Not skipped: ${error.message}\n`);
    return 1;
  }
};
