import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  backoffDelayMs,
  EmbeddedRunner,
  type EmbeddedRunnerOptions,
} from '../../src/jobs/embedded-runner.js';
import type { JobOutcome, JobSpec } from '../../src/jobs/runner.js';
import type { Behaviour } from './fixtures/behaviour-processor.js';

const processorPath = fileURLToPath(new URL('./fixtures/behaviour-processor.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sweepscope-runner-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function job(id: string, b: Behaviour): JobSpec {
  return { id, payload: b };
}

async function withRunner<T>(
  opts: Partial<EmbeddedRunnerOptions>,
  fn: (r: EmbeddedRunner) => Promise<T>,
): Promise<T> {
  const runner = new EmbeddedRunner({
    processorPath,
    maxWorkers: 2,
    timeoutMs: 10_000,
    retries: 0,
    memoryMb: 64,
    backoffBaseMs: 10,
    ...opts,
  });
  try {
    return await fn(runner);
  } finally {
    await runner.close();
  }
}

function byId(outcomes: JobOutcome[]): Map<string, JobOutcome> {
  return new Map(outcomes.map((o) => [o.id, o]));
}

describe('EmbeddedRunner isolation', () => {
  it('contains a throw, a hang past the timeout, a self-kill and an out-of-memory death; the rest succeed', async () => {
    const jobs = [
      job('ok-1', { kind: 'ok', value: 1 }),
      job('throws', { kind: 'throw', message: 'boom in partition' }),
      job('ok-2', { kind: 'ok', value: 2 }),
      job('hangs', { kind: 'hang' }),
      job('ok-3', { kind: 'ok', value: 3 }),
      job('self-kill', { kind: 'self-kill' }),
      job('ok-4', { kind: 'ok', value: 4 }),
      job('oom', { kind: 'oom' }),
      job('ok-5', { kind: 'ok', value: 5 }),
    ];
    const done: string[] = [];
    const outcomes = await withRunner({ timeoutMs: 1000, memoryMb: 32 }, (r) =>
      r.run(jobs, { onDone: (o) => done.push(o.id) }),
    );
    assert.deepEqual(
      outcomes.map((o) => o.id),
      jobs.map((j) => j.id),
    );
    assert.deepEqual([...done].sort(), jobs.map((j) => j.id).sort(), 'onDone once per job');
    const o = byId(outcomes);
    for (const [id, value] of [
      ['ok-1', 1],
      ['ok-2', 2],
      ['ok-3', 3],
      ['ok-4', 4],
      ['ok-5', 5],
    ] as const) {
      assert.equal(o.get(id)?.status, 'succeeded', id);
      assert.deepEqual(o.get(id)?.result, { doubled: value * 2 });
      assert.equal(o.get(id)?.attempts, 1);
      assert.ok((o.get(id)?.peakRssBytes ?? 0) > 1024 * 1024, `${id} reports a peak RSS above 1 MB`);
    }
    assert.equal(o.get('throws')?.status, 'failed');
    assert.equal(o.get('throws')?.error, 'boom in partition');
    assert.equal(o.get('hangs')?.status, 'failed');
    assert.match(o.get('hangs')?.error ?? '', /timed out after 1 s/);
    assert.ok((o.get('hangs')?.durationMs ?? 0) >= 1000, 'killed no earlier than the timeout');
    assert.equal(o.get('self-kill')?.status, 'failed');
    assert.match(o.get('self-kill')?.error ?? '', /worker process died \(signal SIGKILL\)/);
    assert.equal(o.get('oom')?.status, 'failed');
    assert.match(o.get('oom')?.error ?? '', /ran out of memory \(memory_mb 32; signal SIGABRT\).*heap/);
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const marker = join(scratch, 'fail-once-marker');
    const retries: { id: string; attempt: number; error: string; delayMs: number }[] = [];
    const outcomes = await withRunner({ retries: 2, backoffBaseMs: 20 }, (r) =>
      r.run([job('flaky', { kind: 'fail-once', marker, value: 7 }), job('ok', { kind: 'ok', value: 1 })], {
        onRetry: (id, attempt, error, delayMs) => retries.push({ id, attempt, error, delayMs }),
      }),
    );
    assert.equal(outcomes[0].status, 'succeeded');
    assert.equal(outcomes[0].attempts, 2);
    assert.deepEqual(outcomes[0].result, { value: 7 });
    assert.deepEqual(retries, [{ id: 'flaky', attempt: 1, error: 'first attempt fails', delayMs: 20 }]);
    assert.equal(outcomes[1].attempts, 1);
  });

  it('gives up after 1 + retries attempts, doubling the delay each time, also when the process dies', async () => {
    const delays: number[] = [];
    const outcomes = await withRunner({ retries: 2, backoffBaseMs: 5, maxWorkers: 1 }, (r) =>
      r.run([job('dies', { kind: 'self-kill' }), job('after', { kind: 'ok', value: 21 })], {
        onRetry: (_id, _attempt, _error, delayMs) => delays.push(delayMs),
      }),
    );
    // delays before attempts 2 and 3: 5·2^0 = 5, 5·2^1 = 10
    assert.deepEqual(delays, [5, 10]);
    assert.equal(outcomes[0].status, 'failed');
    assert.equal(outcomes[0].attempts, 3);
    assert.deepEqual(outcomes[1].result, { doubled: 42 });
  });

  it('backoff doubles from the base and is capped', () => {
    // 1000·2^(n−1): 1000, 2000, 4000, 8000, then the 5000 cap
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000, 5000)),
      [1000, 2000, 4000, 5000],
    );
  });
});

describe('EmbeddedRunner pool', () => {
  it('reuses one process across jobs and replaces a process that died', async () => {
    const outcomes = await withRunner({ maxWorkers: 1 }, (r) =>
      r.run([
        job('a', { kind: 'pid' }),
        job('b', { kind: 'pid' }),
        job('c', { kind: 'pid' }),
        job('dies', { kind: 'self-kill' }),
        job('d', { kind: 'pid' }),
      ]),
    );
    const pid = (i: number) => (outcomes[i].result as { pid: number }).pid;
    assert.equal(pid(0), pid(1));
    assert.equal(pid(1), pid(2));
    assert.notEqual(pid(4), pid(0), 'a fresh process after the death');
    assert.notEqual(pid(0), process.pid, 'jobs run in a child process');
  });

  it('never runs more than maxWorkers processes and keeps them across run() calls', async () => {
    await withRunner({ maxWorkers: 2 }, async (r) => {
      const first = await r.run(Array.from({ length: 6 }, (_, i) => job(`p${i}`, { kind: 'pid' })));
      const second = await r.run(Array.from({ length: 6 }, (_, i) => job(`q${i}`, { kind: 'pid' })));
      const pids1 = new Set(first.map((o) => (o.result as { pid: number }).pid));
      const pids2 = new Set(second.map((o) => (o.result as { pid: number }).pid));
      assert.ok(pids1.size <= 2, `at most 2 processes, saw ${pids1.size}`);
      for (const p of pids2) assert.ok(pids1.has(p), 'the second batch reuses the first batch processes');
    });
  });

  it('returns outcomes in job order whatever order they finish in', async () => {
    // j0 cannot finish before j5 has run, so with 2 workers it finishes last
    const gate = join(scratch, 'order-gate');
    const jobs: JobSpec[] = [
      job('j0', { kind: 'await-file', path: gate, value: 0 }),
      ...[1, 2, 3, 4].map((i) => job(`j${i}`, { kind: 'ok', value: i })),
      job('j5', { kind: 'touch', path: gate, value: 5 }),
    ];
    const finished: string[] = [];
    const outcomes = await withRunner({ maxWorkers: 2 }, (r) =>
      r.run(jobs, { onDone: (o) => finished.push(o.id) }),
    );
    assert.equal(finished.at(-1), 'j0');
    assert.deepEqual(
      outcomes.map((o) => o.id),
      ['j0', 'j1', 'j2', 'j3', 'j4', 'j5'],
    );
    assert.deepEqual(
      outcomes.map((o) => o.result),
      [0, 1, 2, 3, 4, 5].map((i) => ({ doubled: 2 * i })),
    );
  });

  it('hands the runner context to every job', async () => {
    const outcomes = await withRunner({ context: { storeDir: '/x', n: 1 } }, (r) =>
      r.run([job('c1', { kind: 'context' }), job('c2', { kind: 'context' }), job('c3', { kind: 'context' })]),
    );
    for (const o of outcomes) assert.deepEqual(o.result, { context: { storeDir: '/x', n: 1 } });
  });

  it('resolves an empty batch at once and reports a processor module that cannot load', async () => {
    await withRunner({}, async (r) => assert.deepEqual(await r.run([]), []));
    const outcomes = await withRunner({ processorPath: join(scratch, 'missing.js') }, (r) =>
      r.run([job('x', { kind: 'pid' })]),
    );
    assert.equal(outcomes[0].status, 'failed');
    assert.match(outcomes[0].error ?? '', /missing\.js/);
  });
});
