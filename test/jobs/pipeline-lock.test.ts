/**
 * One run at a time per output folder and per partition store (store/folder-lock.ts): a second
 * run is refused with the owner named, before it writes anything; a lock left by a killed run is
 * taken over (the SIGKILL cases of pipeline-resume.test.ts rerun through one); the lock is gone
 * when a run ends.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isSweepscopeError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/ingest.js';
import { RUN_LOCK_FILE, runPipeline } from '../../src/jobs/pipeline.js';
import { pipelineConfig } from './fixtures/pipeline-setup.js';
import { type TinyMarketFiles, writeTinyMarket } from './fixtures/tiny-market.js';

const root = mkdtempSync(join(tmpdir(), 'sweepscope-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));
let data: TinyMarketFiles;

before(() => {
  data = writeTinyMarket({ dir: join(root, 'data'), dates: ['2024-09-02'], securities: [101, 202] });
});

/** A lock file as a live process of this host (this test process) would leave it. */
function heldLock(path: string): void {
  writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), started: 'earlier' }));
}

async function lockedError(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (e) {
    assert.ok(isSweepscopeError(e) && e.code === 'LOCKED', String(e));
    return e;
  }
  assert.fail('the run was not refused');
}

test('a run into an output folder another run holds is refused before it writes anything', async () => {
  const out = join(root, 'out-held');
  mkdirSync(out, { recursive: true });
  heldLock(join(out, RUN_LOCK_FILE));
  const e = await lockedError(() => runPipeline(pipelineConfig([data], join(root, 'tmp-held'), out, 1)));
  assert.match(e.message, new RegExp(`output folder ${out} is in use by process ${process.pid}`));
  assert.deepEqual(readdirSync(out), [RUN_LOCK_FILE], 'no run.json, no partitions');
});

test('a finished run leaves no lock, in its output folder or beside its store', async () => {
  const out = join(root, 'out-free');
  const tmp = join(root, 'tmp-free');
  const res = await runPipeline(pipelineConfig([data], tmp, out, 1));
  assert.equal(res.ok, true, res.summary);
  assert.equal(existsSync(join(out, RUN_LOCK_FILE)), false);
  assert.deepEqual(
    readdirSync(tmp).filter((n) => n.endsWith('.lock')),
    [],
  );
});

test('a store another process is building is not built a second time', async () => {
  const tmp = join(root, 'tmp-store');
  const config = pipelineConfig([data], tmp, join(root, 'out-store'), 1);
  const { storeDir } = await ingest(config);
  heldLock(`${storeDir}.lock`);
  const e = await lockedError(() => ingest(config, { force: true }));
  assert.match(e.message, new RegExp(`partition store ${storeDir} is in use by process ${process.pid}`));
  rmSync(`${storeDir}.lock`);
  const again = await ingest(config, { force: true });
  assert.equal(again.reused, false);
});
