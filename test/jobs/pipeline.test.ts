import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { embeddedPartitionRunner, runPipeline } from '../../src/jobs/pipeline.js';
import type { RunJson } from '../../src/jobs/run-record.js';
import type { JobOutcome, JobRunner } from '../../src/jobs/runner.js';
import type { JobCounts, ProgressSink } from '../../src/model/progress.js';
import { silentProgress } from '../../src/model/progress.js';
import { assertSameOutputs, pipelineConfig } from './fixtures/pipeline-setup.js';
import { type TinyMarketFiles, writeTinyMarket } from './fixtures/tiny-market.js';

const root = mkdtempSync(join(tmpdir(), 'sweepscope-pipeline-'));
after(() => rmSync(root, { recursive: true, force: true }));

const DATES = ['2024-09-02', '2024-09-03', '2024-09-04'];
const SECURITIES = [101, 202, 303];
// 3 dates × 3 securities
const PARTITIONS = 9;
let data: TinyMarketFiles;
const tempDir = join(root, 'tmp');
const out1 = join(root, 'out-1-worker');
const out2 = join(root, 'out-2-workers');

function recordingProgress(): ProgressSink & { counts: JobCounts[] } {
  const counts: JobCounts[] = [];
  return { ...silentProgress, counts, jobs: (c) => counts.push({ ...c }) };
}

function statuses(run: RunJson): Record<string, number> {
  const n: Record<string, number> = {};
  for (const j of run.jobs) n[j.status] = (n[j.status] ?? 0) + 1;
  return n;
}

before(() => {
  data = writeTinyMarket({
    dir: join(root, 'data'),
    dates: DATES,
    securities: SECURITIES,
    malformedRow: true,
  });
});

describe('runPipeline', () => {
  it('writes one committed folder per partition, the aggregates, rejects and run.json', async () => {
    const progress = recordingProgress();
    const res = await runPipeline(pipelineConfig([data], tempDir, out1, 1), { progress });
    assert.equal(res.ok, true, res.summary);
    assert.equal(res.runJsonPath, join(out1, 'run.json'));
    const run = JSON.parse(readFileSync(res.runJsonPath, 'utf8')) as RunJson;
    assert.deepEqual(statuses(run), { succeeded: PARTITIONS });
    // jobs in (security_code, trading_date) order
    assert.deepEqual(
      run.jobs.map((j) => j.id),
      SECURITIES.flatMap((s) => DATES.map((d) => `${d}/${s}`)),
    );
    for (const j of run.jobs) {
      assert.equal(
        existsSync(join(out1, 'by_security', `SEC_${j.security_code}`, j.trading_date, '_SUCCESS')),
        true,
      );
      // each partition: 4 universe order-days (2 sweeps, 2 contras) and 2 trade legs
      assert.equal(j.rows?.orders, 4);
      assert.equal(j.rows?.trades, 2);
      assert.equal(j.attempts, 1);
    }
    assert.equal(run.totals.rows_rejected, 1);
    // orders: 9 partitions × 9 rows + 1 malformed = 82 read; 9 lit rows filtered
    assert.equal(run.inputs.find((i) => i.kind === 'orders')?.rows_read, 82);
    assert.equal(run.inputs.find((i) => i.kind === 'orders')?.rows_filtered, 9);
    assert.ok(run.peak_memory.main_rss_bytes > 0 && (run.peak_memory.max_job_rss_bytes ?? 0) > 0);
    assert.deepEqual(run.aggregated, { partitions: PARTITIONS, missing: [] });
    assert.ok(readdirSync(join(out1, 'aggregated')).includes('global_summary.csv'));
    assert.match(readFileSync(join(out1, 'rejects', 'rejects.csv'), 'utf8'), /orders\.csv,83,/);
    assert.deepEqual(progress.counts.at(-1), { total: PARTITIONS, done: PARTITIONS, failed: 0, skipped: 0 });
    assert.match(res.summary, /^sweepscope run OK/);
  });

  it('writes byte-identical by_security/ and aggregated/ with 1 and 2 workers', async () => {
    const res = await runPipeline(pipelineConfig([data], tempDir, out2, 2));
    assert.equal(res.ok, true, res.summary);
    assert.equal(res.runJson.store_reused, true, 'the store of the first run is reused');
    assertSameOutputs(out2, out1);
  });

  it('skips every committed partition on a rerun and leaves the outputs as they were', async () => {
    const progress = recordingProgress();
    const res = await runPipeline(pipelineConfig([data], tempDir, out2, 2), { progress });
    assert.equal(res.ok, true);
    assert.deepEqual(statuses(res.runJson), { skipped: PARTITIONS });
    assert.equal(res.runJson.totals.jobs_skipped, PARTITIONS);
    assert.deepEqual(progress.counts.at(-1), { total: PARTITIONS, done: 0, failed: 0, skipped: PARTITIONS });
    assertSameOutputs(out2, out1);
  });

  it('redoes every partition and re-ingests with force', async () => {
    const res = await runPipeline(pipelineConfig([data], tempDir, out2, 2), { force: true });
    assert.equal(res.ok, true);
    assert.equal(res.runJson.store_reused, false);
    assert.deepEqual(statuses(res.runJson), { succeeded: PARTITIONS });
    assertSameOutputs(out2, out1);
  });

  it('records a failed partition, aggregates the rest, and a rerun redoes only that one', async () => {
    const out = join(root, 'out-failure');
    const broken = '2024-09-03/202';
    // a backend whose job for one partition fails; the others run for real
    const createRunner = (spec: Parameters<typeof embeddedPartitionRunner>[0]): JobRunner => {
      const inner = embeddedPartitionRunner(spec);
      return {
        async run(jobs, hooks) {
          const done = await inner.run(
            jobs.filter((j) => j.id !== broken),
            hooks,
          );
          const failed: JobOutcome = {
            id: broken,
            status: 'failed',
            attempts: 3,
            error: 'injected failure',
            durationMs: 5,
          };
          hooks?.onDone?.(failed);
          return jobs.map((j) =>
            j.id === broken ? failed : (done.find((o) => o.id === j.id) as JobOutcome),
          );
        },
        close: () => inner.close(),
      };
    };
    const first = await runPipeline(pipelineConfig([data], tempDir, out, 2), { createRunner });
    assert.equal(first.ok, false);
    const failedJob = first.runJson.jobs.find((j) => j.id === broken);
    assert.deepEqual(
      { status: failedJob?.status, attempts: failedJob?.attempts, error: failedJob?.error },
      { status: 'failed', attempts: 3, error: 'injected failure' },
    );
    assert.deepEqual(first.runJson.aggregated, { partitions: PARTITIONS - 1, missing: [broken] });
    assert.equal(existsSync(join(out, 'by_security', 'SEC_202', '2024-09-03')), false);
    assert.ok(
      existsSync(join(out, 'aggregated', 'global_summary.csv')),
      'the other partitions are aggregated',
    );
    assert.match(first.summary, /FAILED.*\(1 of 9 partitions failed\)/);
    assert.match(first.summary, /2024-09-03\/202 after 3 attempt\(s\): injected failure/);

    const second = await runPipeline(pipelineConfig([data], tempDir, out, 2));
    assert.equal(second.ok, true);
    assert.deepEqual(statuses(second.runJson), { skipped: PARTITIONS - 1, succeeded: 1 });
    assert.equal(second.runJson.jobs.find((j) => j.status === 'succeeded')?.id, broken);
    assertSameOutputs(out, out1);
  });

  it('stops on bad input with the ingest error and records it in run.json', async () => {
    const out = join(root, 'out-bad-input');
    const config = pipelineConfig([data], join(root, 'tmp-bad'), out, 1);
    // the data has 1 malformed row
    config.maxRejects = 0;
    await assert.rejects(
      runPipeline(config),
      (e: Error & { code?: string }) => e.code === 'TOO_MANY_REJECTS',
    );
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunJson;
    assert.equal(run.ok, false);
    assert.match(run.error ?? '', /max_rejects=0/);
    assert.equal(existsSync(join(out, 'by_security')), false);
  });
});
