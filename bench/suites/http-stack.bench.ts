import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { startBenchApp } from '../support/bench-app-process';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { STACK_KINDS, StackKind } from '../support/http-stack-common';
import { startStackServer } from '../support/http-stack-process';
import { cpuSecondsOf } from '../support/proc-cpu';
import { LoadResult, loadRound } from '../support/http-load';
import { installPeer } from '../support/peers';

/**
 * Where the HTTP ceiling goes: the no-op route's request (POST JSON enrollment update, HS256 bearer token,
 * 16 clients) against a ladder of servers, from bare node:http up through Express, Nest, its JWT guard and its
 * ValidationPipe, the same on Fastify, and our no-op route, served by the API's own start-up and modules
 * (bench/app). Each server runs from source in a child process of its own; every figure's baseline is bare
 * node:http from the same run. Each server is priced twice: by requests per second (what the target is
 * in, noisy when others load the machine) and by its own CPU time per request (steadier, and 1 s divided by it
 * is what one core could serve).
 */

const SUITE = 'http-stack';
const SECRET = 'bench-secret-long-enough-for-hs256-0123456789abcdef';
const NOOP = '/bench/noop';
const CONNECTIONS = 16;
/** Only the path's trial id and the count vary; no server looks a trial up. */
const TRIALS = 2000;

interface Plan {
  rounds: number;
  seconds: number;
  warmUpSeconds: number;
}

interface Side {
  key: StackKind | 'api';
  label: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Each side's best round by throughput, and its least CPU per request over all rounds. */
interface Best {
  load: LoadResult;
  cpuMicros: number;
}

/** Started one at a time, so that no server's start-up (Nest's, the API's store) competes with another's. */
const startSides = async (ctx: BenchContext): Promise<Side[]> => {
  installPeer('nest-fastify');
  const sides: Side[] = [];
  try {
    for (const [key, label] of Object.entries(STACK_KINDS) as [StackKind, string][]) {
      const server = await startStackServer(key, { JWT_SECRET: SECRET });
      sides.push({ key, label, url: server.url, pid: server.pid, stop: () => server.stop() });
    }
    const api = await startBenchApp({
      DATA_DIR: join(ctx.workDir, 'data'),
      JWT_SECRET: SECRET,
      SEED_ON_EMPTY_STORE: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    sides.push({
      key: 'api',
      label: "our no-op route (the API's start-up, bench/app)",
      url: api.url,
      pid: api.pid,
      stop: () => api.stop(),
    });
    return sides;
  } catch (error) {
    await Promise.all(sides.map((side) => side.stop()));
    throw error;
  }
};

/** A round counts only if every request was a 2xx: a server that refuses is not fast, it is wrong. */
const round = async (side: Side, token: string, seconds: number): Promise<Best> => {
  const cpuBefore = cpuSecondsOf(side.pid);
  const load = await loadRound(side.url, token, NOOP, TRIALS, CONNECTIONS, seconds);
  const cpuMicros = ((cpuSecondsOf(side.pid) - cpuBefore) * 1e6) / load.ok;
  if (load.failed > 0 || load.ok === 0)
    throw new Error(`Invalid benchmark: ${side.label} answered ${load.ok} 2xx and ${load.failed} others`);
  return { load, cpuMicros };
};

/**
 * Every side warms up first (JIT, connection pools), then the rounds go round the sides, each round starting
 * one side later, so that a burst of machine noise is spread over all of them; each side keeps its best round.
 */
const measure = async (sides: Side[], token: string, plan: Plan, ctx: BenchContext): Promise<Map<Side, Best>> => {
  for (const side of sides) await round(side, token, plan.warmUpSeconds);
  const best = new Map<Side, Best>();
  for (let r = 0; r < plan.rounds; r += 1) {
    const seen: string[] = [];
    for (let i = 0; i < sides.length; i += 1) {
      const side = sides[(i + r) % sides.length];
      const { load, cpuMicros } = await round(side, token, plan.seconds);
      const previous = best.get(side) ?? { load, cpuMicros };
      best.set(side, {
        load: load.perSecond > previous.load.perSecond ? load : previous.load,
        cpuMicros: Math.min(cpuMicros, previous.cpuMicros),
      });
      seen.push(`${side.key} ${Math.round(load.perSecond)}/s ${Math.round(cpuMicros)} µs`);
    }
    ctx.log(`round ${r + 1}/${plan.rounds}: ${seen.join(', ')}`);
  }
  return best;
};

const ms = (value: number) => `${value.toFixed(1)} ms`;

type Lookup = (key: Side['key']) => Best;

/** Per server: its throughput and its CPU per request, each against bare node:http's. */
const sideFigures = (side: Side, of: Lookup, plan: Plan): Figure[] => {
  const { load, cpuMicros } = of(side.key);
  const node = of('node');
  const isNode = side.key === 'node';
  return [
    {
      suite: SUITE,
      name: `${side.label}, ${CONNECTIONS} clients`,
      unit: 'req/s',
      higherIsBetter: true,
      ours: load.perSecond,
      ...(isNode ? {} : { baseline: { label: 'bare node:http', value: node.load.perSecond } }),
      notes:
        `p50/p99 ${ms(load.p50)}/${ms(load.p99)}; best of ${plan.rounds} × ${plan.seconds} s, 0 errors` +
        // Profiled: bare node:http idles most of its round, so autocannon's core, not Node, sets this one.
        (isNode ? '; bounded by the load generator, see CPU per request' : ''),
    },
    {
      suite: SUITE,
      name: `${side.label}: server CPU per request`,
      unit: 'µs',
      higherIsBetter: false,
      ours: cpuMicros,
      ...(isNode ? {} : { baseline: { label: 'bare node:http', value: node.cpuMicros } }),
      notes: `one core's worth: ${Math.round(1e6 / cpuMicros).toLocaleString('en-US')} req/s; least of ${plan.rounds} rounds`,
    },
  ];
};

/** The two comparisons the question is about: what Fastify buys Nest, and what the product adds to Nest. */
const comparisons = (of: Lookup): Figure[] => {
  const pair = (name: string, ours: Best, label: string, baseline: Best, notes?: string): Figure[] => [
    {
      suite: SUITE,
      name,
      unit: 'req/s',
      higherIsBetter: true,
      ours: ours.load.perSecond,
      baseline: { label, value: baseline.load.perSecond },
      notes,
    },
    {
      suite: SUITE,
      name: `${name}: server CPU per request`,
      unit: 'µs',
      higherIsBetter: false,
      ours: ours.cpuMicros,
      baseline: { label, value: baseline.cpuMicros },
    },
  ];
  const nestExpress = of('nest-express-full');
  return [
    ...pair('Nest on Fastify vs Nest on Express, both with guard + validation', of('nest-fastify-full'), 'Nest on Express', nestExpress),
    ...pair(
      'our no-op route vs minimal Nest on Express with guard + validation',
      of('api'),
      'minimal Nest on Express',
      nestExpress,
      "what the product has beyond the minimal app: helmet headers, path and body-error middleware, the strict pipe's shape walk, NctIdPipe, request metadata, ETag, problem filter (rate limit off)",
    ),
  ];
};

const figuresOf = (sides: Side[], best: Map<Side, Best>, plan: Plan): Figure[] => {
  const of: Lookup = (key) => best.get(sides.find((s) => s.key === key) as Side) as Best;
  return [...sides.flatMap((side) => sideFigures(side, of, plan)), ...comparisons(of)];
};

const run = async (ctx: BenchContext): Promise<Figure[]> => {
  const plan: Plan = ctx.quick ? { rounds: 1, seconds: 2, warmUpSeconds: 1 } : { rounds: 5, seconds: 5, warmUpSeconds: 2 };
  const sides = await startSides(ctx);
  try {
    const token = signToken(SECRET, 'bench-operator', 'operator');
    return figuresOf(sides, await measure(sides, token, plan, ctx), plan);
  } finally {
    await Promise.all(sides.map((side) => side.stop()));
  }
};

const suite: BenchSuite = { name: SUITE, order: 31, run };

export default suite;
