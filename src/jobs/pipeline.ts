/**
 * The whole run: ingest (or reuse the partition store), plan one job per (security, trading
 * date) partition, skip partitions already committed by an earlier run, run the rest on the job
 * runner, aggregate, and record run.json.
 *
 * Resume needs no journal: a partition folder is committed atomically with a stamp saying how it
 * was made (commit-stamp.ts), the store is reused only when complete and matching, and the
 * aggregates are rewritten from the committed folders every run. So a run killed at any point,
 * when rerun, redoes only the partitions it had not committed and ends with the same bytes as an
 * uninterrupted run; a run over more inputs redoes only the partitions whose rows changed.
 *
 * When jobs fail, the aggregates still cover the partitions that did commit (an analyst can use
 * them while a broken partition is looked into), run.json lists the failed ones under
 * `aggregated.missing`, and the run is not ok, so the exit code says it is incomplete.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Logger, pino } from 'pino';
import { writeAggregates } from '../aggregate/write-aggregates.js';
import type { Config } from '../config/types.js';
import { ingest } from '../ingest/ingest.js';
import { type JobCounts, type ProgressSink, silentProgress } from '../model/progress.js';
import { partitionDir, readSuccess } from '../output/partition-writer.js';
import { lockFolder } from '../store/folder-lock.js';
import { rejectsPath } from '../store/partition-store.js';
import type { PartitionInfo, StoreManifest } from '../store/types.js';
import { parseStamp } from './commit-stamp.js';
import { EmbeddedRunner } from './embedded-runner.js';
import { analysisFingerprint, configHash } from './fingerprint.js';
import type { PartitionJobContext, PartitionJobPayload, PartitionJobResult } from './partition-processor.js';
import { type RunJobRecord, type RunJson, type RunPhaseRecord, writeRunJson } from './run-record.js';
import type { JobOutcome, JobRunner, JobSpec } from './runner.js';
import { formatSummary } from './summary.js';

export interface RunPipelineOptions {
  /** re-ingest and redo every partition */
  force?: boolean;
  progress?: ProgressSink;
  logger?: Logger;
  /**
   * Builds the runner for the partition jobs; defaults to the embedded runner (child processes
   * sized by config.processing). A distributed backend plugs in here. The pipeline closes it.
   */
  createRunner?: (spec: PartitionRunnerSpec) => JobRunner;
}

/** What any backend needs to run the partition jobs of one run. */
export interface PartitionRunnerSpec {
  /** the module exporting processJob, to load in each worker */
  processorPath: string;
  /** hand to processJob with every job */
  context: PartitionJobContext;
  config: Config;
}

export function embeddedPartitionRunner(spec: PartitionRunnerSpec): JobRunner {
  const p = spec.config.processing;
  return new EmbeddedRunner({
    processorPath: spec.processorPath,
    context: spec.context,
    maxWorkers: p.maxWorkers,
    timeoutMs: p.jobTimeoutS * 1000,
    retries: p.jobRetries,
    memoryMb: p.memoryMb,
  });
}

export interface PipelineResult {
  ok: boolean;
  runJsonPath: string;
  summary: string;
  runJson: RunJson;
}

const PARTITION_PROCESSOR = fileURLToPath(new URL('./partition-processor.js', import.meta.url));
const TEMP_PARTITION_DIR = /^\.\d{4}-\d{2}-\d{2}\.tmp-/;

/** Jobs in (security_code, trading_date) order: the order partial sums merge in, and a stable run.json. */
export function planPartitions(manifest: StoreManifest): PartitionInfo[] {
  return [...manifest.partitions].sort(
    (a, b) =>
      a.security_code - b.security_code ||
      (a.trading_date < b.trading_date ? -1 : a.trading_date > b.trading_date ? 1 : 0),
  );
}

/** In the output folder while a run writes it (folder-lock.ts). */
export const RUN_LOCK_FILE = '.sweepscope-run.lock';

/** Hidden temp folders of partitions whose writer was killed; a rerun may never rewrite those partitions. */
function removeInterruptedPartitionWrites(outputDir: string): void {
  const bySecurity = join(outputDir, 'by_security');
  if (!existsSync(bySecurity)) return;
  for (const sec of readdirSync(bySecurity)) {
    const secDir = join(bySecurity, sec);
    let names: string[];
    try {
      names = readdirSync(secDir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (TEMP_PARTITION_DIR.test(name)) rmSync(join(secDir, name), { recursive: true, force: true });
    }
  }
}

function copyRejects(storeDir: string, outputDir: string): void {
  const source = rejectsPath(storeDir);
  const dir = join(outputDir, 'rejects');
  const target = join(dir, 'rejects.csv');
  if (!existsSync(source)) {
    rmSync(target, { force: true });
    return;
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  copyFileSync(source, tmp);
  renameSync(tmp, target);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function maxRssBytes(): number {
  // maxRSS is in kilobytes
  return process.resourceUsage().maxRSS * 1024;
}

export async function runPipeline(config: Config, opts: RunPipelineOptions = {}): Promise<PipelineResult> {
  const progress = opts.progress ?? silentProgress;
  const log = opts.logger ?? pino({ level: 'silent' });
  const force = opts.force ?? false;
  const outputDir = config.output.outputDir;
  const started = new Date();
  const t0 = performance.now();
  const phases: RunPhaseRecord[] = [];
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      phases.push({ name, seconds: (performance.now() - t) / 1000 });
    }
  };

  const run: RunJson = {
    version: 1,
    ok: false,
    error: null,
    started_at: started.toISOString(),
    finished_at: started.toISOString(),
    duration_s: 0,
    config_file: config.sourceFile,
    config_hash: configHash(config),
    output_dir: outputDir,
    store_dir: null,
    store_reused: false,
    ingest_hash: null,
    analysis_hash: analysisFingerprint(config),
    force,
    workers: config.processing.maxWorkers,
    inputs: [],
    phases,
    totals: {
      bytes_read: 0,
      rows_read: 0,
      rows_used: 0,
      rows_filtered: 0,
      rows_rejected: 0,
      scan_mb_per_s: null,
      partitions: 0,
      jobs_succeeded: 0,
      jobs_failed: 0,
      jobs_skipped: 0,
      jobs_unchanged: 0,
      jobs_per_s: null,
      rows_written: { orders: 0, trades: 0, simulation: 0, matches: 0 },
      job_phase_ms: { read: 0, analyse: 0, write: 0 },
    },
    peak_memory: { main_rss_bytes: 0, max_job_rss_bytes: null },
    aggregated: null,
    jobs: [],
  };
  const finishRecord = (): PipelineResult => {
    run.finished_at = new Date().toISOString();
    run.duration_s = (performance.now() - t0) / 1000;
    run.peak_memory.main_rss_bytes = maxRssBytes();
    const runJsonPath = writeRunJson(outputDir, run);
    return { ok: run.ok, runJsonPath, summary: formatSummary(run), runJson: run };
  };

  mkdirSync(outputDir, { recursive: true });
  // taken before anything is written: a run refused here leaves the other run's run.json alone
  const lock = lockFolder(join(outputDir, RUN_LOCK_FILE), `output folder ${outputDir}`);
  let runner: JobRunner | null = null;
  try {
    removeInterruptedPartitionWrites(outputDir);

    const { storeDir, manifest, reused } = await timed('ingest', () => ingest(config, { progress, force }));
    recordInputs(run, storeDir, manifest, reused);
    // the ingest already told the user through the progress sink; this is for the JSON log
    log.debug(
      { storeDir, reused, partitions: manifest.partitions.length },
      reused ? 'reusing partition store' : 'partition store built',
    );
    copyRejects(storeDir, outputDir);

    const plan = planPartitions(manifest);
    const records = new Map<string, RunJobRecord>();
    const jobs: JobSpec[] = [];
    for (const p of plan) {
      const stamp = force
        ? null
        : parseStamp(readSuccess(partitionDir(outputDir, p.trading_date, p.security_code)));
      const committed =
        stamp !== null && stamp.analysis === run.analysis_hash && stamp.store === manifest.ingestHash;
      records.set(p.key, {
        id: p.key,
        trading_date: p.trading_date,
        security_code: p.security_code,
        status: committed ? 'skipped' : 'failed',
        attempts: 0,
        duration_ms: 0,
        rows: null,
        error: committed ? null : 'not run',
        peak_rss_bytes: null,
        phase_ms: null,
      });
      if (!committed) {
        const payload: PartitionJobPayload = {
          day: p.day,
          tradingDate: p.trading_date,
          securityCode: p.security_code,
        };
        jobs.push({ id: p.key, payload });
      }
    }
    run.jobs = [...records.values()];
    const counts: JobCounts = { total: plan.length, done: 0, failed: 0, skipped: plan.length - jobs.length };
    run.totals.partitions = plan.length;
    run.totals.jobs_skipped = counts.skipped;
    progress.jobs({ ...counts });
    if (counts.skipped > 0)
      progress.note(`${counts.skipped} of ${plan.length} partitions already committed; skipping them`);

    const context: PartitionJobContext = {
      storeDir,
      ingestHash: manifest.ingestHash,
      analysisHash: run.analysis_hash,
      config,
      force,
    };
    const jobRunner = (opts.createRunner ?? embeddedPartitionRunner)({
      processorPath: PARTITION_PROCESSOR,
      context,
      config,
    });
    runner = jobRunner;
    const outcomes = await timed('jobs', () =>
      jobRunner.run(jobs, {
        onDone: (o) => {
          if (o.status === 'succeeded') {
            if ((o.result as PartitionJobResult | undefined)?.unchanged) counts.skipped += 1;
            else counts.done += 1;
            // output.detailed_logs: one line per finished job at info, else only at debug
            log[config.output.detailedLogs ? 'info' : 'debug'](
              { job: o.id, attempts: o.attempts, ms: Math.round(o.durationMs) },
              'job done',
            );
          } else {
            counts.failed += 1;
            log.warn({ job: o.id, attempts: o.attempts, error: o.error }, 'job failed');
          }
          progress.jobs({ ...counts });
        },
        onRetry: (id, attempt, error, delayMs) =>
          log.info({ job: id, attempt, error, delayMs }, 'job attempt failed; retrying'),
      }),
    );
    recordOutcomes(run, records, outcomes);
    const jobsSeconds = phases.at(-1)?.seconds ?? 0;
    run.totals.jobs_per_s = jobsSeconds > 0 && jobs.length > 0 ? jobs.length / jobsSeconds : null;

    const committed = plan.filter((p) => records.get(p.key)?.status !== 'failed');
    run.aggregated = {
      partitions: committed.length,
      missing: plan.filter((p) => records.get(p.key)?.status === 'failed').map((p) => p.key),
    };
    await timed('aggregate', () =>
      writeAggregates(
        outputDir,
        config,
        committed.map((p) => ({
          dir: partitionDir(outputDir, p.trading_date, p.security_code),
          tradingDate: p.trading_date,
          securityCode: p.security_code,
        })),
      ),
    );
    run.ok = run.totals.jobs_failed === 0;
    return finishRecord();
  } catch (e) {
    run.error = errorText(e);
    run.ok = false;
    finishRecord();
    throw e;
  } finally {
    await runner?.close();
    lock.release();
  }
}

function recordInputs(run: RunJson, storeDir: string, manifest: StoreManifest, reused: boolean): void {
  run.store_dir = storeDir;
  run.store_reused = reused;
  run.ingest_hash = manifest.ingestHash;
  run.inputs = manifest.inputs.map((f) => ({
    kind: f.kind,
    path: f.path,
    size: f.size,
    mtime: new Date(f.mtimeMs).toISOString(),
    bytes_read: f.bytes_read,
    rows_read: f.rows_read,
    rows_used: f.rows_used,
    rows_filtered: f.rows_filtered,
    rows_rejected: f.rows_rejected,
  }));
  const t = run.totals;
  for (const f of manifest.inputs) {
    t.bytes_read += f.bytes_read;
    t.rows_read += f.rows_read;
    t.rows_used += f.rows_used;
    t.rows_filtered += f.rows_filtered;
    t.rows_rejected += f.rows_rejected;
  }
  const scanSeconds = manifest.phases.reduce((s, p) => s + p.seconds, 0);
  t.scan_mb_per_s = scanSeconds > 0 ? t.bytes_read / 1e6 / scanSeconds : null;
  for (const p of manifest.phases)
    run.phases.push({ name: `ingest/${p.name}`, seconds: p.seconds, bytes: p.bytes, rows: p.rows });
}

function recordOutcomes(run: RunJson, records: Map<string, RunJobRecord>, outcomes: JobOutcome[]): void {
  for (const o of outcomes) {
    const r = records.get(o.id);
    if (r === undefined) continue;
    r.status = o.status;
    r.attempts = o.attempts;
    r.duration_ms = o.durationMs;
    r.error = o.error ?? null;
    r.peak_rss_bytes = o.peakRssBytes ?? null;
    if (o.peakRssBytes !== undefined) {
      run.peak_memory.max_job_rss_bytes = Math.max(run.peak_memory.max_job_rss_bytes ?? 0, o.peakRssBytes);
    }
    const result = o.result as PartitionJobResult | undefined;
    if (result?.phaseMs) {
      r.phase_ms = result.phaseMs;
      const sum = run.totals.job_phase_ms;
      sum.read += result.phaseMs.read;
      sum.analyse += result.phaseMs.analyse;
      sum.write += result.phaseMs.write;
    }
    if (o.status === 'succeeded' && result?.unchanged) {
      r.status = 'unchanged';
      run.totals.jobs_unchanged += 1;
    } else if (o.status === 'succeeded' && result?.rows) {
      const rows = result.rows;
      r.rows = rows;
      run.totals.jobs_succeeded += 1;
      const w = run.totals.rows_written;
      w.orders += rows.orders;
      w.trades += rows.trades;
      w.simulation += rows.simulation;
      w.matches += rows.matches;
    } else {
      r.status = 'failed';
      r.error ??= 'the job returned no result';
      run.totals.jobs_failed += 1;
    }
  }
}
