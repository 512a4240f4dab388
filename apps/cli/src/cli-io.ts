/** Anything a command can write its text to: a process stream, or a buffer when the CLI runs inside another program. */
export interface CliOutput {
  write(text: string): unknown;
  /** A terminal, where a progress line may redraw itself; a file or a pipe gets whole lines. */
  readonly isTTY?: boolean;
}

/** The two outputs of a command: results on stdout, usage, problems and progress on stderr. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /**
   * Asks a long command to stop at its next safe point (main.ts aborts it on SIGINT and SIGTERM): an import stops
   * after the entry in hand, its checkpoint saved, so that `--resume` goes on from there.
   */
  readonly signal?: AbortSignal;
}
