/**
 * Read-your-writes: a GET that names a revision waits, for a bounded time, until the projections have
 * applied it. It re-checks whenever the projections report progress, plus a slow poll as a safety net.
 */
export const waitUntil = async (
  check: () => Promise<boolean>,
  subscribe: (listener: () => void) => () => void,
  timeoutMs: number,
): Promise<boolean> => {
  if (await check()) return true;
  return new Promise<boolean>((resolve) => {
    let done = false;
    const finish = (value: boolean): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      clearInterval(poll);
      resolve(value);
    };
    const recheck = (): void => {
      void check().then(
        (ok) => ok && finish(true),
        () => finish(false),
      );
    };
    const unsubscribe = subscribe(recheck);
    const poll = setInterval(recheck, 100);
    const timer = setTimeout(() => finish(false), timeoutMs);
    recheck();
  });
};
