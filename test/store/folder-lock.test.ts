import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isSweepscopeError } from '../../src/errors.js';
import { lockFolder } from '../../src/store/folder-lock.js';
import { tempDir } from '../ingest/fixtures.js';

const tmp = tempDir('folder-lock');
after(tmp.cleanup);
let n = 0;
const lockPath = () => join(tmp.dir, `lock-${n++}`);

function lockError(path: string): Error {
  try {
    lockFolder(path, 'output folder /data/out');
  } catch (e) {
    assert.ok(isSweepscopeError(e) && e.code === 'LOCKED', String(e));
    return e;
  }
  assert.fail('the lock was taken');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

test('a lock holds the owner and keeps a second taker out until released', () => {
  const path = lockPath();
  const lock = lockFolder(path, 'output folder /data/out');
  const owner = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(owner.pid, process.pid);
  assert.equal(owner.host, hostname());
  const e = lockError(path);
  assert.match(e.message, new RegExp(`output folder /data/out is in use by process ${process.pid} on `));
  assert.ok(e.message.includes(`remove ${path} if that process is gone`), e.message);
  lock.release();
  assert.equal(existsSync(path), false);
  lock.release();
  lockFolder(path, 'again').release();
});

test('a lock left by a process of this host that is gone is taken over', () => {
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), started: '2026-01-01T00:00:00Z' }));
  const lock = lockFolder(path, 'partition store /tmp/s');
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
  lock.release();
});

test("another host's lock is honoured; an unreadable one is reported", () => {
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid: deadPid(), host: `${hostname()}-other`, started: 'then' }));
  assert.match(lockError(path).message, /in use by process \d+ on .*-other \(since then\)/);
  const garbled = lockPath();
  writeFileSync(garbled, 'not json');
  assert.match(
    lockError(garbled).message,
    /whose owner cannot be read; remove it if no other sweepscope is running/,
  );
});

test('release leaves a lock that another process has taken over since', () => {
  const path = lockPath();
  const lock = lockFolder(path, 'x');
  const other = JSON.stringify({ pid: process.pid + 1, host: hostname(), started: 'now' });
  writeFileSync(path, other);
  lock.release();
  assert.equal(readFileSync(path, 'utf8'), other);
});
