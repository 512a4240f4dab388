import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { nctIdOfStream, verifyChain } from '@trial-ledger/ledger';
import { Acknowledged } from './mixed-commands';

export interface LogAudit {
  /** Every event of the log, in global order. */
  events: RecordedEvent[];
  acknowledgedCommands: number;
  acknowledgedEvents: number;
  /** Acknowledged events not found, found twice, or found elsewhere than the response said. */
  lost: string[];
  /** Streams whose hash chain does not verify, with the chain's own finding. */
  brokenChains: string[];
  /** Positions strictly increase (the port allows gaps); each stream's revisions run 1..n without a gap. */
  gaps: string[];
  trials: string[];
}

export const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
};

/** Where each acknowledged event must be: its command's events end at the reported revision and position. */
const checkAcknowledged = (acks: Acknowledged[], byId: Map<string, RecordedEvent[]>): string[] => {
  const lost: string[] = [];
  for (const ack of acks) {
    ack.eventIds.forEach((eventId, i) => {
      const found = byId.get(eventId) ?? [];
      const revision = ack.revision - (ack.eventIds.length - 1 - i);
      const atTail = i === ack.eventIds.length - 1;
      if (found.length !== 1) lost.push(`${eventId} of ${ack.nctId}: found ${found.length} times`);
      else if (
        found[0].streamId !== `trial-${ack.nctId}` ||
        found[0].revision !== revision ||
        (atTail && found[0].position !== ack.position)
      ) {
        lost.push(`${eventId} of ${ack.nctId}: at ${found[0].streamId}@${found[0].revision}/${found[0].position}`);
      } else if (atTail && ack.etag !== `"${ack.revision}"`) lost.push(`${eventId}: ETag ${ack.etag} for revision ${ack.revision}`);
    });
  }
  return lost;
};

const byStream = (events: RecordedEvent[]): Map<string, RecordedEvent[]> => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  return streams;
};

/** Reads the whole log and checks it against what the clients were told. */
export const auditLog = async (store: EventStore, acks: Acknowledged[]): Promise<LogAudit> => {
  const events = await readWholeLog(store);
  const byId = new Map<string, RecordedEvent[]>();
  events.forEach((e) => byId.set(e.eventId, [...(byId.get(e.eventId) ?? []), e]));
  const gaps = events.flatMap((e, i) => (i === 0 || e.position > events[i - 1].position ? [] : [`position ${e.position} repeated`]));
  const brokenChains: string[] = [];
  const streams = byStream(events);
  for (const [streamId, stream] of streams) {
    const chain = verifyChain(await store.readStream(streamId));
    if (!chain.verified) brokenChains.push(`${streamId}: ${chain.problem} at ${chain.firstBrokenRevision}`);
    stream.forEach((e, i) => {
      if (e.revision !== i + 1) gaps.push(`${streamId} revision ${e.revision} at ${i + 1}`);
    });
  }
  return {
    events,
    acknowledgedCommands: acks.length,
    acknowledgedEvents: acks.reduce((n, a) => n + a.eventIds.length, 0),
    lost: checkAcknowledged(acks, byId),
    brokenChains,
    gaps,
    trials: [...streams.keys()].map(nctIdOfStream).filter((id): id is string => id !== null),
  };
};
