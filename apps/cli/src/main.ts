import { runCli, stopsCleanly } from './run-cli';

// The program: the command line, environment and streams of this process; the command's answer is its exit code.
const argv = process.argv.slice(2);
const stop = new AbortController();
// A command that can stop cleanly is asked to on the first SIGINT or SIGTERM; a second one ends the process at once
// (Node's default, once the one-time listener is gone). Other commands keep the default from the first.
if (stopsCleanly(argv)) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
void runCli(argv, process.env, { stdout: process.stdout, stderr: process.stderr, signal: stop.signal }).then((code) => process.exit(code));
