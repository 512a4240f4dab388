import { ChildProcess } from 'node:child_process';

// A broker left running would hold its ports and half a gigabyte after the tests. Children are not detached,
// so a terminal's Ctrl-C reaches them directly; these hooks cover the worker ending on its own or being
// signalled alone (as jest does to a worker that will not exit).
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
const children = new Set<ChildProcess>();

const killAll = (): void => children.forEach((child) => child.kill('SIGKILL'));

const onSignal = (signal: NodeJS.Signals): void => {
  killAll();
  // Raised again so the signal still ends this process, as it would have had nobody listened.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};

/** Kills `child` when this process exits or is signalled, until it is released. */
export const killOnExit = (child: ChildProcess): void => {
  if (children.size === 0) {
    process.on('exit', killAll);
    SIGNALS.forEach((signal) => process.once(signal, onSignal));
  }
  children.add(child);
};

export const release = (child: ChildProcess): void => {
  if (!children.delete(child) || children.size > 0) return;
  process.off('exit', killAll);
  SIGNALS.forEach((signal) => process.off(signal, onSignal));
};
