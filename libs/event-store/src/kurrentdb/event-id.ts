import { createHash } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Our own name-based namespace. It must never change: the KurrentDB id of a non-UUID event id is derived from
 * it, and a retried append only deduplicates when it derives the very same id as the first attempt.
 */
export const EVENT_ID_NAMESPACE = '3e49ea67-bc3c-419c-a8fe-880881c82c60';

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

const uuidBytes = (uuid: string): Buffer => {
  if (!isUuid(uuid)) throw new TypeError(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
};

const formatUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** RFC 4122 §4.3 name-based UUID, SHA-1 flavour (version 5). */
export const uuidV5 = (name: string, namespace: string): string => {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return formatUuid(bytes);
};

/**
 * KurrentDB only takes UUIDs as event ids, and deduplicates a retry only when the ids are the same, so the id
 * must be a pure function of ours. The application's ids are UUIDs already and are used as they are (lower
 * case, as the server would echo them); any other string is hashed into our namespace.
 */
export const toKurrentEventId = (eventId: string): string =>
  isUuid(eventId) ? eventId.toLowerCase() : uuidV5(eventId, EVENT_ID_NAMESPACE);
