import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runPipeline } from '../../src/jobs/pipeline.js';
import { assertSameOutputs, pipelineConfig } from './fixtures/pipeline-setup.js';
import { writeTinyMarket } from './fixtures/tiny-market.js';

const root = mkdtempSync(join(tmpdir(), 'sweepscope-incremental-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('incremental runs', () => {
  it('adding a new date and a new security processes only their partitions, ending as a fresh run would', async () => {
    const tempDir = join(root, 'tmp');
    const first = writeTinyMarket({
      dir: join(root, 'data'),
      dates: ['2024-09-02', '2024-09-03'],
      securities: [101, 202],
    });
    // the second batch: a new date for the old securities, and a new security on an old date
    const newDate = writeTinyMarket({
      dir: join(root, 'data'),
      dates: ['2024-09-04'],
      securities: [101, 202],
      suffix: '-b',
      firstId: 7901232681961500000n,
    });
    const newSecurity = writeTinyMarket({
      dir: join(root, 'data'),
      dates: ['2024-09-03'],
      securities: [303],
      suffix: '-c',
      firstId: 7901232681961600000n,
    });

    const incremental = join(root, 'out-incremental');
    const before = await runPipeline(pipelineConfig([first], tempDir, incremental, 2));
    assert.equal(before.ok, true, before.summary);
    const oldOrders = readFileSync(
      join(incremental, 'by_security', 'SEC_101', '2024-09-02', 'orders.csv.gz'),
    );
    const kept = join(root, 'out-before');
    cpSync(incremental, kept, { recursive: true });

    const after_ = await runPipeline(pipelineConfig([first, newDate, newSecurity], tempDir, incremental, 2));
    assert.equal(after_.ok, true, after_.summary);
    assert.equal(after_.runJson.store_reused, false, 'new inputs: a new store');
    const byStatus = (s: string) =>
      after_.runJson.jobs
        .filter((j) => j.status === s)
        .map((j) => j.id)
        .sort();
    // 2 dates × 2 securities were there; 2 new-date partitions + 1 new-security partition are new
    assert.deepEqual(byStatus('unchanged'), [
      '2024-09-02/101',
      '2024-09-02/202',
      '2024-09-03/101',
      '2024-09-03/202',
    ]);
    assert.deepEqual(byStatus('succeeded'), ['2024-09-03/303', '2024-09-04/101', '2024-09-04/202']);
    assert.equal(after_.runJson.totals.jobs_unchanged, 4);
    // an unchanged partition's files were not rewritten
    assert.ok(
      readFileSync(join(incremental, 'by_security', 'SEC_101', '2024-09-02', 'orders.csv.gz')).equals(
        oldOrders,
      ),
    );

    const fresh = join(root, 'out-fresh');
    const full = await runPipeline(pipelineConfig([first, newDate, newSecurity], tempDir, fresh, 1));
    assert.equal(full.ok, true);
    assert.equal(full.runJson.totals.jobs_succeeded, 7);
    assertSameOutputs(incremental, fresh);

    // and back: a rerun on the old inputs sees the old store and the old content again
    const back = await runPipeline(pipelineConfig([first], tempDir, kept, 2));
    assert.equal(back.runJson.store_reused, true);
    assert.equal(back.runJson.totals.jobs_skipped, 4);
  });

  it('a changed analysis setting redoes the partitions', async () => {
    const data = writeTinyMarket({ dir: join(root, 'data2'), dates: ['2024-09-02'], securities: [101] });
    const out = join(root, 'out-setting');
    const config = pipelineConfig([data], join(root, 'tmp2'), out, 1);
    assert.equal((await runPipeline(config)).runJson.totals.jobs_succeeded, 1);
    config.simulation.darkFraction = 0.25;
    const again = await runPipeline(config);
    assert.equal(again.runJson.store_reused, true);
    assert.equal(again.runJson.totals.jobs_succeeded, 1);
    assert.equal(again.runJson.totals.jobs_skipped, 0);
  });
});
