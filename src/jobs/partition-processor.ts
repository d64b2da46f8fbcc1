/**
 * The real partition job, loaded by each worker process: read one (trading date, security)
 * partition from the store, analyse it, and commit its folder stamped with how it was made
 * (commit-stamp.ts). A folder already made from the same content by the same analysis is kept
 * as it is, so adding a day of inputs redoes only the partitions whose rows changed.
 * The store handle is cached per process, since a process runs many partitions of one store.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { partialsOf } from '../aggregate/partials.js';
import { analysePartition } from '../analysis/analyse-partition.js';
import type { Config } from '../config/types.js';
import { partitionDir, readSuccess, SUCCESS_FILE, writePartition } from '../output/partition-writer.js';
import { PartitionStore } from '../store/partition-store.js';
import { type CommitStamp, formatStamp, parseStamp } from './commit-stamp.js';
import { partitionContentHash } from './partition-content-hash.js';

/** Sent once per worker process. */
export interface PartitionJobContext {
  storeDir: string;
  ingestHash: string;
  analysisHash: string;
  config: Config;
  /** redo the partition even when its folder is already right */
  force: boolean;
}

export interface PartitionJobPayload {
  /** trading date, days since epoch */
  day: number;
  tradingDate: string;
  securityCode: number;
}

export interface PartitionJobResult {
  dir: string;
  /** the folder was already made from the same content; only its stamp was renewed */
  unchanged: boolean;
  /** rows written per output file; null when unchanged */
  rows: { orders: number; trades: number; simulation: number; matches: number } | null;
  /** input rows of the partition read from the store */
  inputRows: { orders: number; trades: number; quotes: number };
  phaseMs: { read: number; analyse: number; write: number };
}

let cached: { storeDir: string; store: PartitionStore } | null = null;

function storeFor(storeDir: string): PartitionStore {
  if (cached === null || cached.storeDir !== storeDir)
    cached = { storeDir, store: PartitionStore.open(storeDir) };
  return cached.store;
}

/**
 * Replaces _SUCCESS by rename. The temp file sits next to the partition folder under the hidden
 * temp prefix the partition writer and the pipeline clean up, so a kill here leaves nothing
 * inside the folder.
 */
function renewStamp(dir: string, tradingDate: string, stamp: CommitStamp): void {
  const tmp = join(dirname(dir), `.${tradingDate}.tmp-${process.pid}-stamp`);
  writeFileSync(tmp, formatStamp(stamp));
  renameSync(tmp, join(dir, SUCCESS_FILE));
}

export async function processJob(payload: unknown, context: unknown): Promise<PartitionJobResult> {
  const { day, tradingDate, securityCode } = payload as PartitionJobPayload;
  const { storeDir, ingestHash, analysisHash, config, force } = context as PartitionJobContext;
  const t0 = performance.now();
  const data = storeFor(storeDir).readPartition(day, securityCode);
  const stamp: CommitStamp = {
    analysis: analysisHash,
    content: partitionContentHash(data),
    store: ingestHash,
  };
  const inputRows = { orders: data.orders.length, trades: data.trades.length, quotes: data.quotes.length };
  const t1 = performance.now();

  const dir = partitionDir(config.output.outputDir, tradingDate, securityCode);
  const prior = force ? null : parseStamp(readSuccess(dir));
  if (prior !== null && prior.analysis === stamp.analysis && prior.content === stamp.content) {
    if (prior.store !== stamp.store) renewStamp(dir, tradingDate, stamp);
    return {
      dir,
      unchanged: true,
      rows: null,
      inputRows,
      phaseMs: { read: t1 - t0, analyse: 0, write: performance.now() - t1 },
    };
  }

  const result = analysePartition(data, config);
  const partials = partialsOf(result, config);
  const t2 = performance.now();
  await writePartition(config.output.outputDir, result, {
    format: config.output.format,
    extraFiles: { 'partials.json': JSON.stringify(partials) },
    successContent: formatStamp(stamp),
  });
  const t3 = performance.now();
  return {
    dir,
    unchanged: false,
    rows: {
      orders: result.orders.length,
      trades: result.trades.length,
      simulation: result.simulation.length,
      matches: result.matches.length,
    },
    inputRows,
    phaseMs: { read: t1 - t0, analyse: t2 - t1, write: t3 - t2 },
  };
}
