import { RecordedEvent } from '@trial-ledger/event-store';
import { statusChangedEvent } from '../testing/relay-doubles';
import { toKafkaRecord } from './kafka-record';

const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  ...statusChangedEvent('NCT02985346'),
  streamId: 'trial-NCT02985346',
  revision: 3,
  position: 41,
  ...overrides,
});

describe('toKafkaRecord', () => {
  it('keys the record by NCT ID, carries the payload as JSON and every CloudEvents attribute as a ce_ header', () => {
    const event = recorded();
    expect(toKafkaRecord(event, '/trial-ledger')).toEqual({
      key: 'NCT02985346',
      value: JSON.stringify({ nctId: 'NCT02985346', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' }),
      headers: {
        ce_specversion: '1.0',
        ce_id: event.eventId,
        ce_type: 'TrialStatusChanged',
        ce_source: '/trial-ledger',
        ce_subject: 'NCT02985346',
        ce_time: '2025-01-15T10:00:00.000Z',
        'content-type': 'application/json',
        ce_streamrevision: '3',
        ce_globalposition: '41',
        ce_schemaversion: '1',
        ce_correlationid: event.metadata.correlationId,
        ce_causationid: event.metadata.causationId,
      },
    });
  });

  it("given the command's trace context in the metadata, then it travels as the Distributed Tracing extension", () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const traced = recorded();
    traced.metadata = { ...traced.metadata, traceparent, tracestate: 'vendor=abc' };
    expect(toKafkaRecord(traced, '/x')?.headers).toMatchObject({ ce_traceparent: traceparent, ce_tracestate: 'vendor=abc' });
  });

  it('given no trace context, or a stored one that is not W3C-shaped, then no tracing header at all', () => {
    const malformed = recorded();
    malformed.metadata = { ...malformed.metadata, traceparent: 'not-a-traceparent', tracestate: 'vendor=abc' };
    for (const event of [recorded(), malformed]) {
      expect(Object.keys(toKafkaRecord(event, '/x')?.headers ?? {}).filter((h) => h.includes('trace'))).toEqual([]);
    }
  });

  it('publishes nothing for a stream that is not a trial', () => {
    expect(toKafkaRecord(recorded({ streamId: 'import-runs' }), '/trial-ledger')).toBeNull();
  });

  it('refuses an event it cannot read rather than publish a shape the topic does not describe', () => {
    expect(() => toKafkaRecord(recorded({ type: 'TrialRenamed' }), '/x')).toThrow(/Unknown event type TrialRenamed/);
    expect(() => toKafkaRecord(recorded({ schemaVersion: 2 }), '/x')).toThrow(/newer than this code understands/);
  });
});
