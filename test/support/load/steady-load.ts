import { nctIdFor } from '../trial-workload';
import { LoadClient } from './http-client';
import { OutcomeLog } from './outcomes';
import { soloCommand } from './trial-commands';

export interface SteadyLoadOptions {
  url: string;
  clients: number;
  seconds: number;
  /** Commands on one trial before its client moves to a new one: streams stay short, the store keeps growing. */
  commandsPerTrial: number;
  /** Asked before each request once `seconds` have passed: the run goes on while it says no (e.g. the soak's warm-up). */
  done?: (run: SteadyLoadRun) => boolean;
}

export interface SteadyLoadRun {
  log: OutcomeLog;
  /** Every answer that was neither a 2xx command nor a 200 read, and every network error. */
  errors: string[];
  seconds: number;
}

/** The reads a client makes after its n-th command: its trial (read-your-writes), the list, the history. */
const readsAfter = (nctId: string, n: number, revision: number): string[] =>
  n % 3 === 0
    ? [`/trials/${nctId}?minRevision=${revision}`]
    : n % 6 === 1
      ? ['/trials?limit=20']
      : n % 6 === 4
        ? [`/trials/${nctId}/history`]
        : [];

class SoakClient {
  constructor(
    private readonly client: LoadClient,
    private readonly run: SteadyLoadRun,
    private readonly perTrial: number,
  ) {}

  /** One trial's commands, each pinned with If-Match to the revision the previous answer reported. */
  async driveTrial(nctId: string, running: () => boolean): Promise<void> {
    let revision = 0;
    let siteId = '';
    for (let n = 0; n < this.perTrial && running(); n++) {
      const [path, body] = soloCommand(nctId, n, siteId);
      const outcome = this.run.log.command(
        'own',
        nctId,
        await this.client.post(path, body, n === 0 ? {} : { 'If-Match': `"${revision}"` }),
      );
      if (outcome.result === null) return void this.run.errors.push(`${path} → ${outcome.status} ${outcome.problemType}`);
      ({ revision } = outcome.result);
      siteId = outcome.result.siteId ?? siteId;
      for (const read of readsAfter(nctId, n, revision)) await this.read(read);
    }
  }

  private async read(path: string): Promise<void> {
    const answer = await this.client.get(path);
    this.run.log.read(path, answer);
    if (answer.status !== 200) this.run.errors.push(`GET ${path} → ${answer.status}`);
  }
}

/**
 * Closed-loop load: each client sends its next request as soon as the last one is answered, for `seconds` (and then
 * until `done`), on fresh trials numbered from `firstTrial`. The offered load is as high as the service lets it be.
 */
export const runSteadyLoad = async (options: SteadyLoadOptions, firstTrial = 1): Promise<SteadyLoadRun> => {
  const run: SteadyLoadRun = { log: new OutcomeLog(), errors: [], seconds: 0 };
  const started = Date.now();
  const until = started + options.seconds * 1000;
  const running = () => Date.now() < until || (options.done !== undefined && !options.done(run));
  let next = firstTrial;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      const client = new SoakClient(new LoadClient(options.url), run, options.commandsPerTrial);
      while (running()) {
        await client.driveTrial(nctIdFor(next++), running).catch((error: unknown) => {
          run.errors.push(String(error));
        });
      }
    }),
  );
  run.seconds = (Date.now() - started) / 1000;
  return run;
};
