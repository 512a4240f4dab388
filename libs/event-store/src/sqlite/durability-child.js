// Appends to the store until killed, printing each acknowledged revision; run by the durability spec.
const { SqliteEventStore } = require(process.argv[2]);
const store = SqliteEventStore.open(process.argv[3]);
let revision = 0;
const next = async () => {
  const eventId = `kill-${revision + 1}`;
  const metadata = {
    eventId,
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    actor: 'a',
    role: 'operator',
    recordedAt: new Date().toISOString(),
  };
  const result = await store.appendToStream(
    's-kill',
    [{ eventId, type: 'Ticked', schemaVersion: 1, data: {}, metadata }],
    revision === 0 ? 'no_stream' : revision,
  );
  revision = result.nextRevision;
  process.stdout.write(`${revision}\n`);
  setImmediate(next);
};
next();
