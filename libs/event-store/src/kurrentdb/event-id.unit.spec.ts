import { EVENT_ID_NAMESPACE, isUuid, toKurrentEventId, uuidV5 } from './event-id';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the known vector for www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  // Cross-checked against Python's uuid.uuid5, an independent implementation.
  it('agrees with another implementation, in the DNS namespace and in ours', () => {
    expect(uuidV5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('e-42-1', EVENT_ID_NAMESPACE)).toBe('044f5fca-c3cc-5a4e-a9a1-48604d86eb64');
  });

  it('hashes the name as UTF-8', () => {
    expect(uuidV5('essai-clinique-é', EVENT_ID_NAMESPACE)).not.toBe(uuidV5('essai-clinique-e', EVENT_ID_NAMESPACE));
  });

  it('sets version 5 and the RFC 4122 variant', () => {
    const id = uuidV5('e-1', EVENT_ID_NAMESPACE);
    expect(id[14]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});

describe('toKurrentEventId', () => {
  it('keeps a UUID, in lower case', () => {
    expect(toKurrentEventId('0B7E6C2A-1D1E-4F7A-9C3B-5E2F1A0D9C8B')).toBe('0b7e6c2a-1d1e-4f7a-9c3b-5e2f1a0d9c8b');
  });

  it('derives the same UUID from the same non-UUID id every time, and different ones from different ids', () => {
    const first = toKurrentEventId('e-42-1');
    expect(isUuid(first)).toBe(true);
    expect(toKurrentEventId('e-42-1')).toBe(first);
    expect(toKurrentEventId('e-42-2')).not.toBe(first);
    expect(first).toBe(uuidV5('e-42-1', EVENT_ID_NAMESPACE));
  });
});
