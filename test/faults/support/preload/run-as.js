// Loaded into the API child with --require: drops root before the app starts, because file permissions do
// not stop root, and a read-only store is only read-only to an unprivileged user.
const id = Number(process.env.FAULTS_RUN_AS);
if (!Number.isInteger(id) || id <= 0) throw new Error('FAULTS_RUN_AS must name an unprivileged uid');
process.setgroups([]);
process.setgid(id);
process.setuid(id);
