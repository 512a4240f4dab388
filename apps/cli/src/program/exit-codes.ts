/** What the CLI's exit code tells a script; the same three for every command (README, `--help`). */
export const EXIT = {
  /** Done, nothing to report. */
  ok: 0,
  /** Ran, and found something to look at (the lines printed say what), or failed part way. */
  problem: 1,
  /** Not run: the command line or the configuration is wrong; nothing was read or written. */
  usage: 2,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done, nothing to report
  1  done with something to look at: a line reported (import, sync), a broken chain (verify), a trial
     not registered, an interrupted run; or a failure part way (the message says what)
  2  not run: an unknown command or flag, a missing or extra argument, a bad value, or a bad configuration`;
