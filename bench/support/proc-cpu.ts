import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

/**
 * The CPU seconds (user + system, all threads) a process has used, from /proc/<pid>/stat (Linux). A server's
 * CPU per request barely moves when other work shares the machine, unlike its requests per second, so it
 * prices the layers even when the throughput figures are noisy.
 */
export const cpuSecondsOf = (pid: number | string): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) ": state is field 3, utime 14 and stime 15; comm may hold spaces, hence lastIndexOf.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};

/** The command name of a process, as /proc/<pid>/stat gives it between parentheses. */
export const commandOf = (pid: number | string): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
};
