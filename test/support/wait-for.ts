import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** How long the condition has to come true; past it the wait rejects, naming what it waited for. */
  timeoutMs?: number;
  /** How often the condition is checked. */
  everyMs?: number;
}

/**
 * Resolves as soon as `condition` holds, checking every `everyMs`; rejects after `timeoutMs`. For specs that
 * wait on something asynchronous: the bound only decides when to give up, never how long a passing test takes.
 */
export const waitFor = async (
  condition: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = 5000, everyMs = 5 }: WaitOptions = {},
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
};

/**
 * One turn of the event loop. Node reports a promise rejected without a handler once the microtasks queued with
 * it have run, before it goes back to the event loop: after this, an unhandled rejection would have been seen.
 */
export const nextTurnOfTheEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * What `promise` settles to, or 'late' when it has not within `ms`: turns "this never ends" into an assertion
 * that fails with a reason, where the test's timeout would only say it ran too long.
 */
export const within = async <T>(ms: number, promise: Promise<T>): Promise<T | 'late'> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, ms, 'late')));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
};
