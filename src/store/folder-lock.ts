/**
 * One sweepscope process at a time per partition store and per output folder.
 *
 * Two runs building one store would delete and rewrite each other's segment files, and two runs
 * writing one output folder would interleave their aggregates and run.json; nothing would say so.
 * A lock is a file created exclusively (O_EXCL) next to what it guards, holding the owner's pid,
 * host and start time, and removed when the work ends, failed or not.
 *
 * A lock left by a process that died (kill -9, a crash) must not block the rerun that resumes its
 * work: when the lock names this host and its pid is no longer alive, it is stale and taken over.
 * A lock of another host (shared storage) cannot be checked from here and is honoured; the error
 * says which file to remove once that process is known to be gone.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { errors } from '../errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface FolderLock {
  readonly path: string;
  /** Remove the lock file (idempotent). */
  release(): void;
}

/** Whether a process with this pid exists on this host (EPERM: it does, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/**
 * Take the lock file at `path` for `what` (e.g. "partition store /tmp/x"), or throw
 * errors.locked naming the owner. A stale lock of this host is replaced.
 */
export function lockFolder(path: string, what: string): FolderLock {
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(path);
      // a lock being written this instant reads as unreadable: look again before judging it
      if (owner === null && attempt < 3) continue;
      const stale = owner !== null && owner.host === me.host && !alive(owner.pid);
      if (!stale || attempt >= 3) throw errors.locked(what, path, owner);
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let held = true;
    return {
      path,
      release() {
        if (!held) return;
        held = false;
        // only our own lock: a stale-lock takeover by another run must not be undone by us
        if (readOwner(path)?.pid === me.pid) rmSync(path, { force: true });
      },
    };
  }
}
