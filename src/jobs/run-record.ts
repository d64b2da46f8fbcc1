/**
 * run.json (SPEC §6): what one run did — config hash, inputs, per-job status, phases, throughput
 * and peak memory. It describes the run, not the results, so it is never compared across runs.
 * Written atomically (temp file + rename) so a reader never sees half of it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputKind } from '../config/types.js';

/**
 * skipped: committed by an earlier run from the same store and analysis config, not even read;
 * unchanged: read and found to have the same content as when committed from an earlier store,
 * so the folder was kept.
 */
export type RunJobStatus = 'succeeded' | 'failed' | 'skipped' | 'unchanged';

export interface RunJobRecord {
  /** partition key "YYYY-MM-DD/<security_code>" */
  id: string;
  trading_date: string;
  security_code: number;
  status: RunJobStatus;
  attempts: number;
  duration_ms: number;
  /** rows written per output file; null unless succeeded */
  rows: { orders: number; trades: number; simulation: number; matches: number } | null;
  error: string | null;
  peak_rss_bytes: number | null;
  /** where the job's time went: reading the store, analysing, writing the folder; null unless run */
  phase_ms: { read: number; analyse: number; write: number } | null;
}

export interface RunInputRecord {
  kind: InputKind;
  path: string;
  size: number;
  mtime: string;
  bytes_read: number;
  rows_read: number;
  rows_used: number;
  rows_filtered: number;
  rows_rejected: number;
}

export interface RunPhaseRecord {
  name: string;
  seconds: number;
  bytes?: number;
  rows?: number;
}

export interface RunJson {
  version: 1;
  ok: boolean;
  /** why the run stopped before finishing (bad input, a failed aggregation); job errors are per job */
  error: string | null;
  started_at: string;
  finished_at: string;
  duration_s: number;
  config_file: string | null;
  config_hash: string;
  output_dir: string;
  store_dir: string | null;
  store_reused: boolean;
  ingest_hash: string | null;
  /** analysis fingerprint of the config (see commit-stamp.ts) */
  analysis_hash: string;
  force: boolean;
  workers: number;
  inputs: RunInputRecord[];
  /** ingest (and its scan phases as ingest/<name>, from the store manifest), jobs, aggregate */
  phases: RunPhaseRecord[];
  totals: {
    bytes_read: number;
    rows_read: number;
    rows_used: number;
    rows_filtered: number;
    rows_rejected: number;
    /** input bytes / seconds of the ingest that built the store (the earlier run's when reused) */
    scan_mb_per_s: number | null;
    partitions: number;
    jobs_succeeded: number;
    jobs_failed: number;
    jobs_skipped: number;
    jobs_unchanged: number;
    /** jobs run in this run (not skipped) per second of the jobs phase */
    jobs_per_s: number | null;
    rows_written: { orders: number; trades: number; simulation: number; matches: number };
    /** summed over the jobs run, across all workers (so it can exceed the jobs phase) */
    job_phase_ms: { read: number; analyse: number; write: number };
  };
  peak_memory: {
    /** this process (it holds the ingest's worker threads) */
    main_rss_bytes: number;
    /** the largest job process, as its own peak RSS */
    max_job_rss_bytes: number | null;
  };
  /** which committed partitions the aggregates cover; missing = partitions of the plan left out */
  aggregated: { partitions: number; missing: string[] } | null;
  jobs: RunJobRecord[];
}

export const RUN_JSON_NAME = 'run.json';

export function writeRunJson(outputDir: string, run: RunJson): string {
  const path = join(outputDir, RUN_JSON_NAME);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(run, null, 2)}\n`);
  renameSync(tmp, path);
  return path;
}
