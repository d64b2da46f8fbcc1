/** The human summary printed at the end of a run, built from run.json alone. */
import type { RunJobRecord, RunJson } from './run-record.js';

const SHOWN_EXTREMES = 3;
const SHOWN_FAILURES = 20;

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

function phaseSeconds(run: RunJson, name: string): number | null {
  return run.phases.find((p) => p.name === name)?.seconds ?? null;
}

function jobLine(j: RunJobRecord): string {
  const rows = j.rows ? `, ${count(j.rows.orders)} orders` : '';
  return `    ${j.id}  ${(j.duration_ms / 1000).toFixed(3)} s${rows}`;
}

export function formatSummary(run: RunJson): string {
  const t = run.totals;
  const lines: string[] = [];
  const ran = run.jobs.filter((j) => j.status !== 'skipped');
  lines.push(
    run.ok
      ? `sweepscope run OK in ${seconds(run.duration_s)}`
      : `sweepscope run FAILED in ${seconds(run.duration_s)}${t.jobs_failed > 0 ? ` (${count(t.jobs_failed)} of ${count(t.partitions)} partitions failed)` : ''}`,
  );
  if (run.error) lines.push(`  error: ${run.error}`);
  lines.push(
    `  partitions: ${count(t.partitions)} total, ${count(t.jobs_succeeded)} processed, ${count(t.jobs_skipped)} skipped (already committed), ${count(t.jobs_unchanged)} unchanged (same rows as committed), ${count(t.jobs_failed)} failed`,
  );
  const ingestS = phaseSeconds(run, 'ingest');
  const throughput = t.scan_mb_per_s !== null ? `, scan ${t.scan_mb_per_s.toFixed(1)} MB/s` : '';
  lines.push(
    `  input: ${bytes(t.bytes_read)}, ${count(t.rows_read)} rows read (${count(t.rows_used)} used, ${count(t.rows_filtered)} filtered, ${count(t.rows_rejected)} rejected)${throughput}${run.store_reused ? '; partition store reused' : ingestS !== null ? ` in ${seconds(ingestS)}` : ''}`,
  );
  const jobsS = phaseSeconds(run, 'jobs');
  if (jobsS !== null) {
    const rate = t.jobs_per_s !== null ? ` (${t.jobs_per_s.toFixed(1)} jobs/s)` : '';
    lines.push(`  jobs: ${count(ran.length)} run on ${run.workers} worker(s) in ${seconds(jobsS)}${rate}`);
  }
  const ph = t.job_phase_ms;
  const phTotal = ph.read + ph.analyse + ph.write;
  if (phTotal > 0) {
    const pct = (ms: number) => `${Math.round((100 * ms) / phTotal)}%`;
    lines.push(
      `  job time: read ${pct(ph.read)}, analyse ${pct(ph.analyse)}, write ${pct(ph.write)} of ${seconds(phTotal / 1000)} summed over workers`,
    );
  }
  const w = t.rows_written;
  lines.push(
    `  rows written: ${count(w.orders)} orders, ${count(w.trades)} trades, ${count(w.simulation)} simulation, ${count(w.matches)} matches`,
  );
  const aggS = phaseSeconds(run, 'aggregate');
  if (run.aggregated) {
    const missing =
      run.aggregated.missing.length > 0 ? `, ${count(run.aggregated.missing.length)} partitions missing` : '';
    lines.push(
      `  aggregated: ${count(run.aggregated.partitions)} partitions${missing}${aggS !== null ? ` in ${seconds(aggS)}` : ''}`,
    );
  }
  const job = run.peak_memory.max_job_rss_bytes;
  lines.push(
    `  peak memory: main process ${bytes(run.peak_memory.main_rss_bytes)}${job !== null ? `, largest job process ${bytes(job)}` : ''}`,
  );

  const timed = ran
    .filter((j) => j.status === 'succeeded')
    .sort((a, b) => a.duration_ms - b.duration_ms || a.id.localeCompare(b.id));
  if (timed.length > 0) {
    lines.push('  fastest jobs:', ...timed.slice(0, SHOWN_EXTREMES).map(jobLine));
    lines.push('  slowest jobs:', ...timed.slice(-SHOWN_EXTREMES).reverse().map(jobLine));
  }
  const failed = run.jobs.filter((j) => j.status === 'failed');
  if (failed.length > 0) {
    lines.push('  failures:');
    for (const j of failed.slice(0, SHOWN_FAILURES)) {
      lines.push(`    ${j.id} after ${j.attempts} attempt(s): ${j.error}`);
    }
    if (failed.length > SHOWN_FAILURES)
      lines.push(`    ... and ${count(failed.length - SHOWN_FAILURES)} more in run.json`);
  }
  lines.push(`  output: ${run.output_dir}`);
  return lines.join('\n');
}
