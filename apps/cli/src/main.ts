import { runCli } from './run-cli';

// The program: the command line, environment and streams of this process; the command's answer is its exit code.
void runCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then((code) => process.exit(code));
