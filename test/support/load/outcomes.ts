import { Answer, CommandBody } from './http-client';

export type CommandKind = 'setup' | 'own' | 'hot-blind' | 'hot-if-match' | 'hot-idempotent';

/** What one command got, with what the audit needs to find its events in the log. */
export interface Outcome {
  kind: CommandKind;
  nctId: string;
  status: number;
  /** The command body for a 2xx; the problem's `type` (or the raw body) for a refusal. */
  result: CommandBody | null;
  problemType: string | null;
  expectedRevision?: number;
  idempotencyKey?: string;
}

export interface ReadOutcome {
  path: string;
  status: number;
}

/** Every answer of a run, in the order they arrived, plus the latencies for the report. */
export class OutcomeLog {
  readonly commands: Outcome[] = [];
  readonly reads: ReadOutcome[] = [];
  readonly commandMs: number[] = [];
  readonly readMs: number[] = [];

  command(
    kind: CommandKind,
    nctId: string,
    answer: Answer<CommandBody>,
    extra: Pick<Outcome, 'expectedRevision' | 'idempotencyKey'> = {},
  ): Outcome {
    const ok = answer.status >= 200 && answer.status < 300;
    const problem = answer.body as unknown as { type?: string } | null;
    const outcome: Outcome = {
      kind,
      nctId,
      status: answer.status,
      result: ok ? answer.body : null,
      problemType: ok ? null : (problem?.type ?? JSON.stringify(answer.body)),
      ...extra,
    };
    this.commands.push(outcome);
    this.commandMs.push(answer.ms);
    return outcome;
  }

  read(path: string, answer: Answer): void {
    this.reads.push({ path, status: answer.status });
    this.readMs.push(answer.ms);
  }

  /** Commands per status, e.g. `{ 200: 812, 201: 640, 409: 31, 412: 117 }`. */
  statusCounts(): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const { status } of this.commands) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }

  acknowledged(): Outcome[] {
    return this.commands.filter((o) => o.result !== null);
  }
}
