// Loaded into the API child with --require: a write past RLIMIT_FSIZE then fails with EFBIG, as a write to a
// full disk fails with ENOSPC, instead of the signal killing the process before SQLite sees the error.
process.on('SIGXFSZ', () => undefined);
