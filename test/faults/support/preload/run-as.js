// Loaded into the API child with --require: drops root before the app starts, because file permissions do
// not stop root, and a read-only store is only read-only to an unprivileged user. Threads the API starts load
// it too (they inherit the process's flags); the ids are the process's, already dropped by its main thread.
const { isMainThread } = require('node:worker_threads');

if (isMainThread) {
  const id = Number(process.env.FAULTS_RUN_AS);
  if (!Number.isInteger(id) || id <= 0) throw new Error('FAULTS_RUN_AS must name an unprivileged uid');
  process.setgroups([]);
  process.setgid(id);
  process.setuid(id);
}
