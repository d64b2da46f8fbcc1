import assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { currentThreadId, lowerThreadPriority } from '../../src/ingest/thread-priority.js';

const linux = process.platform === 'linux';
const moduleUrl = new URL('../../src/ingest/thread-priority.js', import.meta.url).href;

interface WorkerOutcome {
  tid: number | null;
  lowered: boolean;
  /** the worker's priority as it read it itself, and as the main thread read it while it ran */
  after: number;
  seenFromMain: number | null;
}

/** Runs lowerThreadPriority(niceness) in a fresh worker thread. */
function lowerInWorker(niceness: number): Promise<WorkerOutcome> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { getPriority } = require('node:os');
    import(workerData.moduleUrl).then((m) => {
      const tid = m.currentThreadId();
      const lowered = m.lowerThreadPriority(workerData.niceness);
      parentPort.postMessage({ tid, lowered, after: tid === null ? 0 : getPriority(tid) });
      // stay alive until the main thread has read this thread's priority from outside
      parentPort.once('message', () => process.exit(0));
    });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { moduleUrl, niceness } });
    w.once('message', (m: Omit<WorkerOutcome, 'seenFromMain'>) => {
      // read while the thread still runs: after it exits its id means nothing
      resolve({ ...m, seenFromMain: m.tid === null ? null : getPriority(m.tid) });
      w.postMessage('exit');
    });
    w.once('error', reject);
  });
}

test("on Linux the main thread's id is the process id", { skip: !linux && 'Linux only' }, () => {
  const tid = currentThreadId();
  assert.equal(tid, process.pid, 'the main thread id is the process id');
});

test('lowering a worker thread priority changes that thread only, relative to what it had', {
  skip: !linux && 'per-thread nice is Linux only',
}, async () => {
  const mainBefore = getPriority(process.pid);
  const r = await lowerInWorker(3);
  assert.equal(r.lowered, true);
  assert.notEqual(r.tid, process.pid, 'a worker has its own thread id');
  assert.equal(r.after, Math.min(19, mainBefore + 3), 'the worker runs 3 below what it inherited');
  assert.equal(r.seenFromMain, r.after, 'seen from outside the thread too');
  assert.equal(getPriority(process.pid), mainBefore, 'the main thread keeps its priority');
});

test('elsewhere nothing is changed and the caller is told so', { skip: linux && 'not Linux' }, () => {
  assert.equal(currentThreadId(), null);
  assert.equal(lowerThreadPriority(5), false);
});
