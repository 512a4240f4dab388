import { signToken } from '@trial-ledger/platform';
import { startBenchApp } from './bench-app-process';
import { Figure } from './figures';
import { LoadResult, executorFloor, loadRound, registerTrials, settled } from './http-load';

const SECRET = 'registry-bench-secret-long-enough-for-hs256-0123';
const NOOP = '/bench/noop';
const CLIENTS = 16;

export interface CommandPlan {
  trials: number;
  seconds: number;
  warmUpSeconds: number;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * Durable commands at 16 clients on the imported registry-scale store, against the same server's no-op route (the
 * bench's app, as the `http` suite runs it), after registering `plan.trials` trials of its own to update. Invalid
 * unless every answer was a 2xx, the no-op round appended nothing and the log grew by the 2xx count, give or take
 * one request per connection still in flight when the round stopped.
 */
export const commandFigures = async (dataDir: string, plan: CommandPlan, studies: number): Promise<Figure[]> => {
  const token = signToken(SECRET, 'bench-operator', 'operator');
  const api = await startBenchApp({ DATA_DIR: dataDir, JWT_SECRET: SECRET, SEED_ON_EMPTY_STORE: 'false' }, 600_000);
  try {
    await registerTrials(api.url, token, plan.trials);
    const round = (prefix: string, seconds: number) => loadRound(api.url, token, prefix, plan.trials, CLIENTS, seconds);
    await round(NOOP, plan.warmUpSeconds);
    await round('', plan.warmUpSeconds);
    const before = await settled(api.url, 600_000);
    const noop: LoadResult = await round(NOOP, plan.seconds);
    const head = await settled(api.url, 600_000);
    if (head !== before) throw new Error(`Invalid benchmark: the no-op route appended ${head - before} events`);
    const command = await round('', plan.seconds);
    const appended = (await settled(api.url, 600_000)) - head;
    if (command.failed > 0 || noop.failed > 0) {
      throw new Error(`Invalid benchmark: ${command.failed} commands and ${noop.failed} no-ops were not 2xx`);
    }
    if (appended < command.ok || appended > command.ok + CLIENTS) {
      throw new Error(`Invalid benchmark: ${command.ok} commands answered 2xx but the log grew by ${appended}`);
    }
    const floor = await executorFloor(api.url, token, { trials: plan.trials, concurrency: CLIENTS, seconds: plan.seconds });
    const ceiling = 1 / (1 / noop.perSecond + 1 / floor.perSecond);
    const notes =
      `p50/p99: commands ${ms(command.p50)}/${ms(command.p99)}, no-op ${ms(noop.p50)}/${ms(noop.p99)}; ${command.ok} commands ` +
      `(log +${appended}) and ${noop.ok} no-ops, ${plan.seconds} s each, on the store of ${studies.toLocaleString('en-US')} imported studies`;
    return [
      {
        suite: 'registry',
        name: `durable commands (enrollment update) vs no-op route, ${CLIENTS} clients, registry-scale store`,
        unit: 'req/s',
        higherIsBetter: true,
        ours: command.perSecond,
        baseline: { label: 'same server, same pipeline, no command', value: noop.perSecond },
        target: { minRatio: 0.6, minValue: 3_500 },
        notes,
      },
      {
        suite: 'registry',
        name: `durable commands, ${CLIENTS} clients, vs what the no-op route and the command path in-process leave together`,
        unit: 'req/s',
        higherIsBetter: true,
        ours: command.perSecond,
        baseline: { label: 'no-op route + the executor alone (1 / (1/no-op + 1/executor))', value: ceiling },
        notes: `executor alone, ${CLIENTS} concurrent loops in the server's process: ${Math.round(floor.perSecond)} commands/s (${floor.ok} in ${floor.seconds.toFixed(1)} s); that ceiling is ${Math.round((100 * ceiling) / noop.perSecond)}% of the no-op route`,
      },
    ];
  } finally {
    await api.stop();
  }
};
