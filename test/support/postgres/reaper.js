'use strict';
// Watchdog of a throwaway PostgreSQL server (see throwaway-server.ts), run detached with plain node:
//   node reaper.js <pid to watch> <server dir> <pg_ctl> <data dir> [uid gid]
// Once the watched process is gone (exited, killed, crashed) it stops the server and removes its directory.
const { spawnSync } = require('node:child_process');
const { existsSync, rmSync } = require('node:fs');

const [pid, dir, pgCtl, dataDir, uid, gid] = process.argv.slice(2);

const alive = () => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

const timer = setInterval(() => {
  if (alive() && existsSync(dir)) return;
  clearInterval(timer);
  const owner = uid === undefined ? {} : { uid: Number(uid), gid: Number(gid) };
  if (existsSync(`${dataDir}/postmaster.pid`)) {
    spawnSync(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w'], { stdio: 'ignore', cwd: '/', ...owner });
  }
  rmSync(dir, { recursive: true, force: true });
}, 250);
