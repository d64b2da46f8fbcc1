import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunJobRecord, RunJson } from '../../src/jobs/run-record.js';
import { formatSummary } from '../../src/jobs/summary.js';

function jobRecord(
  id: string,
  status: RunJobRecord['status'],
  durationMs: number,
  error: string | null = null,
): RunJobRecord {
  const [date, sec] = id.split('/');
  return {
    id,
    trading_date: date,
    security_code: Number(sec),
    status,
    attempts: status === 'failed' ? 3 : status === 'skipped' ? 0 : 1,
    duration_ms: durationMs,
    rows: status === 'succeeded' ? { orders: 10, trades: 4, simulation: 40, matches: 1 } : null,
    error,
    peak_rss_bytes: status === 'skipped' ? null : 100 * 1024 * 1024,
    phase_ms: null,
  };
}

function runJson(jobs: RunJobRecord[], ok: boolean): RunJson {
  return {
    version: 1,
    ok,
    error: null,
    started_at: '2024-09-05T00:00:00.000Z',
    finished_at: '2024-09-05T00:00:12.500Z',
    duration_s: 12.5,
    config_file: '/x/sweepscope.yaml',
    config_hash: 'c',
    output_dir: '/x/out',
    store_dir: '/x/tmp/store-1',
    store_reused: false,
    ingest_hash: 'i',
    analysis_hash: 'a',
    force: false,
    workers: 2,
    inputs: [],
    phases: [
      { name: 'ingest', seconds: 4 },
      { name: 'jobs', seconds: 8 },
      { name: 'aggregate', seconds: 0.5 },
    ],
    totals: {
      bytes_read: 2 * 1024 ** 3,
      rows_read: 1_234_567,
      rows_used: 1_000_000,
      rows_filtered: 234_560,
      rows_rejected: 7,
      scan_mb_per_s: 536.9,
      partitions: jobs.length,
      jobs_succeeded: jobs.filter((j) => j.status === 'succeeded').length,
      jobs_failed: jobs.filter((j) => j.status === 'failed').length,
      jobs_skipped: jobs.filter((j) => j.status === 'skipped').length,
      jobs_unchanged: jobs.filter((j) => j.status === 'unchanged').length,
      jobs_per_s: 0.875,
      rows_written: { orders: 70, trades: 28, simulation: 280, matches: 7 },
      job_phase_ms: { read: 100, analyse: 2000, write: 1000 },
    },
    peak_memory: { main_rss_bytes: 300 * 1024 * 1024, max_job_rss_bytes: 100 * 1024 * 1024 },
    aggregated: { partitions: 8, missing: jobs.filter((j) => j.status === 'failed').map((j) => j.id) },
    jobs,
  };
}

describe('formatSummary', () => {
  const jobs = [
    jobRecord('2024-09-02/1', 'succeeded', 500),
    jobRecord('2024-09-03/1', 'succeeded', 100),
    jobRecord('2024-09-04/1', 'succeeded', 900),
    jobRecord('2024-09-02/2', 'succeeded', 300),
    jobRecord('2024-09-03/2', 'succeeded', 700),
    jobRecord('2024-09-04/2', 'succeeded', 200),
    jobRecord('2024-09-05/2', 'succeeded', 800),
    jobRecord('2024-09-02/3', 'skipped', 0),
    jobRecord('2024-09-04/3', 'unchanged', 50),
    jobRecord('2024-09-03/3', 'failed', 1000, 'timed out after 1 s (process killed)'),
  ];
  const text = formatSummary(runJson(jobs, false));
  const lines = text.split('\n');

  it('says the run failed and how many partitions did', () => {
    assert.equal(lines[0], 'sweepscope run FAILED in 12.5 s (1 of 10 partitions failed)');
    assert.ok(
      lines.includes(
        '  partitions: 10 total, 7 processed, 1 skipped (already committed), 1 unchanged (same rows as committed), 1 failed',
      ),
    );
  });

  it('lists each failure with its attempts and error', () => {
    const i = lines.indexOf('  failures:');
    assert.ok(i > 0);
    assert.equal(lines[i + 1], '    2024-09-03/3 after 3 attempt(s): timed out after 1 s (process killed)');
  });

  it('shows the three fastest and three slowest succeeded jobs', () => {
    const fast = lines.indexOf('  fastest jobs:');
    assert.deepEqual(lines.slice(fast + 1, fast + 4), [
      '    2024-09-03/1  0.100 s, 10 orders',
      '    2024-09-04/2  0.200 s, 10 orders',
      '    2024-09-02/2  0.300 s, 10 orders',
    ]);
    const slow = lines.indexOf('  slowest jobs:');
    assert.deepEqual(lines.slice(slow + 1, slow + 4), [
      '    2024-09-04/1  0.900 s, 10 orders',
      '    2024-09-05/2  0.800 s, 10 orders',
      '    2024-09-03/2  0.700 s, 10 orders',
    ]);
  });

  it('shows input totals, throughput and peak memory', () => {
    // 2·1024³ bytes = 2.00 GB; 9 jobs run (7 succeeded, 1 unchanged, 1 failed) in 8 s, at 0.875 jobs/s as recorded
    assert.ok(
      lines.includes(
        '  input: 2.00 GB, 1,234,567 rows read (1,000,000 used, 234,560 filtered, 7 rejected), scan 536.9 MB/s in 4.00 s',
      ),
    );
    assert.ok(lines.includes('  jobs: 9 run on 2 worker(s) in 8.00 s (0.9 jobs/s)'));
    // phases summed: 100 + 2000 + 1000 = 3100 ms; 100/3100 = 3 %, 2000/3100 = 65 %, 1000/3100 = 32 %
    assert.ok(lines.includes('  job time: read 3%, analyse 65%, write 32% of 3.10 s summed over workers'));
    assert.ok(lines.includes('  peak memory: main process 300.0 MB, largest job process 100.0 MB'));
    assert.ok(lines.includes('  aggregated: 8 partitions, 1 partitions missing in 0.50 s'));
  });

  it('says OK and lists no failures for a clean run', () => {
    const clean = formatSummary(
      runJson(
        jobs.filter((j) => j.status !== 'failed'),
        true,
      ),
    );
    assert.match(clean, /^sweepscope run OK in 12\.5 s\n/);
    assert.doesNotMatch(clean, /failures:/);
  });
});
