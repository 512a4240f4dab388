/** Anything a command can write its text to: a process stream, or a buffer when the CLI runs inside another program. */
export interface CliOutput {
  write(text: string): unknown;
}

/** The two outputs of a command: results on stdout, usage, problems and progress on stderr. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
}
