import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { startBenchApp } from '../support/bench-app-process';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { LoadResult, loadRound, registerTrials, settled } from '../support/http-load';
import { durableCommitMs } from '../support/durable-commit';
import { UnprojectedApi } from '../support/http-unprojected';
import { ServerProcess } from '../support/server-process';

const SECRET = 'bench-secret-long-enough-for-hs256-0123456789abcdef';
const NOOP = '/bench/noop';
const LEVELS = [1, 16, 64];

interface Plan {
  trials: number;
  seconds: number;
  warmUpSeconds: number;
}

interface Pair {
  connections: number;
  command: LoadResult;
  noop: LoadResult;
  /** The same commands on an API that runs no projections. */
  unprojected: LoadResult;
  /** How much the log grew during the command round. */
  appended: number;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * A command round counts only if every request was a 2xx and the log grew by exactly the 2xx count, give or
 * take the requests still in flight when autocannon stopped (the server completes them; autocannon never sees
 * their answers): at most one per connection.
 */
const checkRound = (pair: Pair): void => {
  const { command, noop, appended, connections } = pair;
  if (command.failed > 0 || noop.failed > 0) {
    throw new Error(`Invalid benchmark at ${connections} clients: ${command.failed} commands and ${noop.failed} no-ops were not 2xx`);
  }
  const unseen = appended - command.ok;
  if (unseen < 0 || unseen > connections) {
    throw new Error(`Invalid benchmark at ${connections} clients: ${command.ok} commands answered 2xx but the log grew by ${appended}`);
  }
};

const measureLevel = async (api: ServerProcess, bare: UnprojectedApi, token: string, plan: Plan, connections: number): Promise<Pair> => {
  const round = (prefix: string, seconds: number) => loadRound(api.url, token, prefix, plan.trials, connections, seconds);
  await round(NOOP, plan.warmUpSeconds);
  await round('', plan.warmUpSeconds);
  const before = await settled(api.url);
  const noop = await round(NOOP, plan.seconds);
  const head = await settled(api.url);
  if (head !== before) throw new Error(`The no-op route appended ${head - before} events`);
  const command = await round('', plan.seconds);
  const appended = (await settled(api.url)) - head;
  const unprojected = await bare.round(connections, plan.seconds, plan.warmUpSeconds);
  const pair = { connections, command, noop, unprojected, appended };
  checkRound(pair);
  return pair;
};

/**
 * With one client nothing shares a commit's sync, so a command can at best take the no-op route's time plus one
 * durable commit: the ratio to the no-op route can reach only the share that leaves.
 */
const oneClientCeiling = ({ command, noop }: Pair, commitMs: number): Figure => {
  const ceiling = 1000 / (1000 / noop.perSecond + commitMs);
  return {
    suite: 'http',
    name: 'durable commands, 1 client, vs the no-op route plus one raw durable commit',
    unit: 'req/s',
    higherIsBetter: true,
    ours: command.perSecond,
    baseline: { label: 'no-op route + one raw commit (WAL, synchronous=FULL)', value: ceiling },
    notes: `one raw commit: ${commitMs.toFixed(3)} ms; that ceiling is ${Math.round((100 * ceiling) / noop.perSecond)}% of the no-op route`,
  };
};

const figuresOf = (pairs: Pair[], plan: Plan, commitMs: number): Figure[] => {
  const base = { suite: 'http', higherIsBetter: true };
  const rows = pairs.flatMap(({ connections, command, noop, unprojected, appended }): Figure[] => [
    {
      ...base,
      name: `durable commands (enrollment update) vs no-op route, ${connections} clients`,
      unit: 'req/s',
      ours: command.perSecond,
      baseline: { label: 'same pipeline, no command', value: noop.perSecond },
      target: { minRatio: 0.5 },
      notes:
        `p50/p99: commands ${ms(command.p50)}/${ms(command.p99)}, no-op ${ms(noop.p50)}/${ms(noop.p99)}; ` +
        `${command.ok} commands (log +${appended}), ${noop.ok} no-ops, ${plan.seconds} s each, 0 errors`,
    },
    {
      ...base,
      name: `p99 latency, ${connections} clients`,
      unit: 'ms',
      higherIsBetter: false,
      ours: command.p99,
      baseline: { label: 'no-op route', value: noop.p99 },
    },
    {
      ...base,
      name: `durable commands, ${connections} clients, vs an API running no projections`,
      unit: 'req/s',
      ours: command.perSecond,
      baseline: { label: 'same commands, RUN_WORKER=false', value: unprojected.perSecond },
      notes: `p50/p99 without projections: ${ms(unprojected.p50)}/${ms(unprojected.p99)}`,
    },
  ]);
  const single = pairs.find((p) => p.connections === 1);
  if (single) rows.push(oneClientCeiling(single, commitMs));
  const best = pairs.reduce((a, b) => (b.command.perSecond > a.command.perSecond ? b : a));
  rows.push({
    ...base,
    name: 'durable commands/s, best of 1/16/64 clients',
    unit: 'req/s',
    ours: best.command.perSecond,
    target: { minValue: 5_000 },
    notes: `at ${best.connections} clients; embedded SQLite store, synchronous=FULL`,
  });
  return rows;
};

const run = async (ctx: BenchContext): Promise<Figure[]> => {
  const plan: Plan = ctx.quick ? { trials: 500, seconds: 2, warmUpSeconds: 1 } : { trials: 2000, seconds: 10, warmUpSeconds: 2 };
  const env = { JWT_SECRET: SECRET, SEED_ON_EMPTY_STORE: 'false', RATE_LIMIT_PER_MINUTE: '0' };
  const token = signToken(SECRET, 'bench-operator', 'operator');
  // The API with the no-op route beside the real one (bench/app): both routes from one process, started as the API is.
  const api = await startBenchApp({ ...env, DATA_DIR: join(ctx.workDir, 'data') });
  try {
    await registerTrials(api.url, token, plan.trials);
    const bare = await UnprojectedApi.start(ctx.workDir, env, token, plan.trials);
    try {
      ctx.log(`registered ${plan.trials} trials on each API`);
      const commitMs = durableCommitMs(ctx.workDir, ctx.quick ? 500 : 3000);
      const pairs: Pair[] = [];
      for (const connections of LEVELS) {
        pairs.push(await measureLevel(api, bare, token, plan, connections));
        ctx.log(`${connections} clients: ${Math.round(pairs[pairs.length - 1].command.perSecond)} commands/s`);
      }
      return figuresOf(pairs, plan, commitMs);
    } finally {
      await bare.stop();
    }
  } finally {
    await api.stop();
  }
};

const suite: BenchSuite = { name: 'http', order: 30, run };

export default suite;
