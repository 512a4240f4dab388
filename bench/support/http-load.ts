import autocannon from 'autocannon';
import { registerBody } from '../../test/support/trials';

export interface LoadResult {
  /** 2xx answers per second over the round. */
  perSecond: number;
  ok: number;
  /** Everything that was not a 2xx answer: non-2xx statuses, socket errors, timeouts. */
  failed: number;
  p50: number;
  p99: number;
  seconds: number;
}

export const nctIdOf = (index: number): string => `NCT${String(10_000_000 + index)}`;

let enrollment = 1_000;

/**
 * An enrollment update for trial `i mod trials`, round robin, with a count no earlier request used, so every
 * request is a real change (never NO_CHANGE) and concurrent requests almost never meet on one stream.
 */
const nextCommand = (prefix: string, trials: number) => (request: { path: string; body?: string }) => {
  enrollment += 1;
  request.path = `${prefix}/trials/${nctIdOf(enrollment % trials)}/enrollment`;
  request.body = JSON.stringify({ count: enrollment, type: 'ESTIMATED', reason: 'Enrollment re-estimated after the interim analysis' });
  return request;
};

/**
 * The command path alone (bench/app/executor-floor.http.controller.ts): enrollment updates through the server's own
 * executor, `concurrency` at a time, no HTTP per command. Counts start far above the load rounds' so none is a
 * NO_CHANGE.
 */
export const executorFloor = async (
  url: string,
  token: string,
  plan: { trials: number; concurrency: number; seconds: number },
): Promise<{ perSecond: number; ok: number; seconds: number }> => {
  const res = await fetch(`${url}/bench/executor-floor`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...plan, firstCount: 1_000_000_000 + enrollment }),
  });
  if (res.status !== 200) throw new Error(`The executor floor answered ${res.status}: ${await res.text()}`);
  const { ok, seconds } = (await res.json()) as { ok: number; seconds: number };
  return { perSecond: ok / seconds, ok, seconds };
};

/** `prefix` is '' for the real route, '/bench/noop' for the no-op twin that takes the very same requests. */
export const loadRound = async (
  url: string,
  token: string,
  prefix: string,
  trials: number,
  connections: number,
  seconds: number,
): Promise<LoadResult> => {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: nextCommand(prefix, trials) as never }],
  });
  const ok = result['2xx'];
  return {
    perSecond: ok / (result.duration || seconds),
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
};

/** Registers trials 0..count-1, `parallel` at a time; any refusal stops the benchmark. */
export const registerTrials = async (url: string, token: string, count: number, parallel = 16): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) {
        const res = await fetch(`${url}/trials`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(registerBody(nctIdOf(i))),
        });
        if (res.status !== 201) throw new Error(`Registering ${nctIdOf(i)} answered ${res.status}: ${await res.text()}`);
      }
    }),
  );
};

type Health = { eventStore: { headPosition: number }; readModels: { lag: number } };

export const health = async (url: string): Promise<Health> => (await (await fetch(`${url}/health`)).json()) as Health;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the log has stopped growing (the requests autocannon left in flight have landed) and the
 * projections have caught up, so that the next round, whichever side it measures, does not share the CPU with
 * the previous round's leftovers; resolves with the log's head. An API that runs no projections
 * (RUN_WORKER=false) is waited for only until its log stops growing.
 */
export const settled = async (url: string, timeoutMs = 120_000, projections = true): Promise<number> => {
  const deadline = Date.now() + timeoutMs;
  for (let previous = -1; ; await pause(250)) {
    const h = await health(url);
    if ((!projections || h.readModels.lag === 0) && h.eventStore.headPosition === previous) return previous;
    if (Date.now() > deadline) throw new Error(`The log or the read models did not settle in ${timeoutMs} ms`);
    previous = h.eventStore.headPosition;
  }
};
