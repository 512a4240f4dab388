import { JSONEventData, RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import { NewEvent } from '../event-store.port';
import { appendIdOf, fromStoredEvent, requireEvent, toEventData, UnreadableEventError } from './event-mapping';
import { toKurrentEventId } from './event-id';

const newEvent = (eventId = 'e-1', extra: Record<string, unknown> = {}): NewEvent => ({
  eventId,
  type: 'TrialRegistered',
  schemaVersion: 2,
  data: { nctId: 'NCT01234567', arms: [{ label: 'A' }] },
  metadata: {
    eventId,
    commandId: 'cmd-1',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actor: 'alice',
    role: 'operator',
    recordedAt: '2025-01-01T00:00:00.000Z',
    effectiveDate: '2024-12',
    reason: 'why',
    idempotencyKey: 'k-1',
    ...extra,
  },
});

/** What the server hands back for a stored JSON event: the bytes it was given, parsed again. */
const asStored = (data: JSONEventData, revision: bigint, offset: bigint): KurrentRecordedEvent => ({
  streamId: 'trial-NCT01234567',
  id: data.id,
  isJson: true,
  type: data.type,
  revision,
  created: new Date(),
  data: JSON.parse(JSON.stringify(data.data)),
  metadata: JSON.parse(JSON.stringify(data.metadata)),
  position: { commit: offset, prepare: offset },
});

const stored = (event: NewEvent, appendId = 'append-1') => toEventData(event, appendId) as JSONEventData;

describe('toEventData', () => {
  it('writes JSON with the derived id, the type and the data', () => {
    const data = stored(newEvent());
    expect(data).toMatchObject({ id: toKurrentEventId('e-1'), contentType: 'application/json', type: 'TrialRegistered' });
    expect(data.data).toEqual(newEvent().data);
  });

  it('adds the ledger envelope and the ids KurrentDB projections read to the metadata', () => {
    expect(stored(newEvent(), 'append-7').metadata).toEqual({
      ...newEvent().metadata,
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
      $ledger: { eventId: 'e-1', schemaVersion: 2, appendId: 'append-7' },
    });
  });

  it('refuses metadata that uses a key the adapter owns', () => {
    expect(() => toEventData(newEvent('e-1', { $ledger: 'mine' }), 'a')).toThrow(/reserved/);
    expect(() => toEventData(newEvent('e-1', { $correlationId: 'x' }), 'a')).toThrow(/reserved/);
  });
});

describe('fromStoredEvent', () => {
  it('gives back exactly the event that was appended, with port revision and position', () => {
    const event = newEvent('not-a-uuid');
    const read = fromStoredEvent(asStored(stored(event), 4n, 1000n), 'trial-NCT01234567');
    expect(read).toStrictEqual({ ...event, streamId: 'trial-NCT01234567', revision: 5, position: 2001 });
  });

  it('keeps the original spelling of a UUID id that the server lower-cases', () => {
    const upper = '0B7E6C2A-1D1E-4F7A-9C3B-5E2F1A0D9C8B';
    const data = stored(newEvent(upper));
    const read = fromStoredEvent(asStored({ ...data, id: data.id.toLowerCase() }, 0n, 10n), 's');
    expect(read.eventId).toBe(upper);
  });

  it('uses the stream name it is given, not the server-side one', () => {
    expect(fromStoredEvent(asStored(stored(newEvent()), 0n, 10n), 'trial-X').streamId).toBe('trial-X');
  });

  it('reads the nonce of the append that wrote the event', () => {
    expect(appendIdOf(asStored(stored(newEvent(), 'append-9'), 0n, 10n))).toBe('append-9');
  });

  it('refuses events another writer put in a followed stream', () => {
    const foreign = { ...asStored(stored(newEvent()), 0n, 10n), metadata: { correlationId: 'x' } };
    expect(() => fromStoredEvent(foreign, 's')).toThrow(UnreadableEventError);
    const binary = {
      ...asStored(stored(newEvent()), 0n, 10n),
      isJson: false,
      data: new Uint8Array([1]),
    } as unknown as KurrentRecordedEvent;
    expect(() => fromStoredEvent(binary, 's')).toThrow(/not a JSON object/);
  });

  it('refuses an event without a position rather than inventing one', () => {
    const noPosition = { ...asStored(stored(newEvent()), 0n, 10n), position: undefined };
    expect(() => fromStoredEvent(noPosition, 's')).toThrow(/no position/);
  });
});

describe('requireEvent', () => {
  it('unwraps the event of a resolved entry and refuses a dangling link', () => {
    const event = asStored(stored(newEvent()), 0n, 10n);
    expect(requireEvent({ event })).toBe(event);
    expect(() => requireEvent({})).toThrow(/link to a missing event/);
  });
});
