/**
 * Builds a partition store in one pass over the inputs (SPEC §2, §3, §8): headers of every file
 * are checked first, then the worker pool scans the orders (spilling the universe keys to disk by
 * trading day), the NBBO quotes of universe partitions, and the trades of universe orders (each
 * worker building the universe of one day at a time from the spilled keys). Afterwards the main
 * thread sorts the workers' extent logs into the extent index (in passes within a slice of
 * processing.memory_mb), writes rejects.csv and, last and by rename, manifest.json.
 *
 * Plain files are split into byte ranges; .gz files are inflated on the main thread (zlib works on
 * the libuv pool; up to one file per worker at a time) and cut into line-aligned blocks that any
 * worker scans, so one big .gz file still keeps every worker busy.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Config, InputKind } from '../config/types.js';
import { errors, isSweepscopeError } from '../errors.js';
import { type ProgressSink, silentProgress } from '../model/progress.js';
import { EXTENT, partitionKeyOf } from '../store/extent-index.js';
import { type PartitionExtents, writeExtentIndex } from '../store/extent-index-builder.js';
import { extentReadBuffer, forEachLoggedExtent } from '../store/extent-log.js';
import {
  extentIndexPath,
  extentLogPath,
  MANIFEST_FILE,
  rejectsPath,
  segmentPath,
  universeKeysPath,
} from '../store/partition-store.js';
import { type RejectRow, writeRejectsFile } from '../store/rejects-file.js';
import {
  type InputFileStats,
  type PartitionInfo,
  type PhaseStats,
  partitionKey,
  STORE_MANIFEST_VERSION,
  type StoreManifest,
} from '../store/types.js';
import { formatDate, parseDate } from '../time/trading-calendar.js';
import { BlockBuffers, type GzipBlock, gzipBlocks } from './chunk-reader.js';
import type { InputFile } from './expand-inputs.js';
import { type ColumnPlan, planColumns } from './header.js';
import { isGzipPath, readHeaderLine } from './read-header.js';
import type { ScanTask, TaskResult, WorkerInit } from './scan-messages.js';
import { ScanPool } from './scan-pool.js';
import { type UniverseKeyIndex, UniverseKeySpill } from './universe-key-spill.js';

const MB = 1024 * 1024;
const PHASES: readonly InputKind[] = ['orders', 'nbbo', 'trades'];
/** plain files are split into byte ranges of about this size (small enough that the last
 * range does not leave the other workers idle for long) */
const RANGE_BYTES = 16 * MB;
/** decompressed .gz data goes to the workers in line-aligned blocks of at most this size */
const GZIP_BLOCK_BYTES = 8 * MB;
/** room for the line that ends a block past its nominal size */
const GZIP_BLOCK_SLACK = 1 * MB;
/** after a failure, how long workers get to finish their task and close their segment */
const FAILURE_CLOSE_MS = 5000;

/** Knobs tests and the benchmark turn; production derives them from the config. */
export interface IngestTuning {
  /** split every plain file into exactly this many byte ranges */
  rangesPerFile?: number;
  /** target size of plain-file byte ranges (default 16 MiB) and of .gz blocks (default 8 MiB) */
  rangeBytes?: number;
  /** read size in bytes (default processing.chunk_size_mb) */
  chunkBytes?: number;
  /** per-worker record buffer in bytes (default from processing.memory_mb) */
  arenaBytes?: number;
  /** orders pass: memory for universe keys before they are spilled (default from memory_mb) */
  universeSpillBytes?: number;
  /** trades pass: per-worker memory for per-day universe tables (default from memory_mb) */
  universeCacheBytes?: number;
  /** end of the ingest: memory for sorting the extent index (default from memory_mb) */
  indexBudgetBytes?: number;
}

interface FileState {
  file: InputFile;
  index: number;
  plan: ColumnPlan;
  gzip: boolean;
  dataStart: number;
  stats: InputFileStats;
  bytesDone: number;
  /** ids of the file's tasks in file order (ids of files inflated together interleave) */
  taskIds: number[];
  /** per finished task: owned line count, and rejects with range-local indices */
  ranges: { taskId: number; lines: number; rejects: TaskResult['rejects'] }[];
}

export async function buildStore(
  config: Config,
  storeDir: string,
  ingestHash: string,
  inputs: Record<InputKind, InputFile[]>,
  progress: ProgressSink = silentProgress,
  tuning: IngestTuning = {},
): Promise<StoreManifest> {
  const files = await planFiles(config, inputs);
  rmSync(storeDir, { recursive: true, force: true });
  mkdirSync(storeDir, { recursive: true });

  const workers = Math.max(1, Math.min(config.processing.maxWorkers || availableParallelism(), 64));
  const chunkBytes = tuning.chunkBytes ?? Math.max(1, Math.round(config.processing.chunkSizeMb * MB));
  const arenaBytes =
    tuning.arenaBytes ??
    clamp(Math.floor((config.processing.memoryMb * MB) / (16 * workers)), 64 * 1024, 16 * MB);
  // up to ~5 blocks per worker are in flight (running, two ready, one per file inflating), so
  // blocks shrink as workers grow to keep that within the memory budget
  const gzipBlockBytes =
    tuning.rangeBytes ??
    clamp(Math.floor((config.processing.memoryMb * MB) / (16 * workers)), 1 * MB, GZIP_BLOCK_BYTES);
  const memoryBytes = config.processing.memoryMb * MB;
  // small: the buffers are garbage after the orders pass, and at 16 B per key 1 MiB of staging
  // already writes 64 k keys at a time
  const universeSpillBytes =
    tuning.universeSpillBytes ?? clamp(Math.floor(memoryBytes / 256), 1 * MB, 16 * MB);
  // a day's table takes 23-46 B per key logged that day; time-ordered trades need 1-2 days at once
  const universeCacheBytes =
    tuning.universeCacheBytes ?? clamp(Math.floor(memoryBytes / (32 * workers)), 1 * MB, 256 * MB);
  // the workers are gone by then: 56 B per extent, so 1/8 of 512 MiB sorts 1.2 M extents a pass
  const indexBudgetBytes = tuning.indexBudgetBytes ?? clamp(Math.floor(memoryBytes / 8), 1 * MB, 256 * MB);
  const logPaths = Array.from({ length: workers }, (_, i) => extentLogPath(storeDir, i));
  const { start, end, allDates } = config.dataSelection.dateRange;
  const inits: WorkerInit[] = Array.from({ length: workers }, (_, i) => ({
    workerIndex: i,
    segmentPath: segmentPath(storeDir, i),
    extentLogPath: logPaths[i],
    timezone: config.timezone,
    dayCutoff: config.dayCutoff,
    holidays: config.holidays,
    centrePointMask: config.centrePointMask,
    securities: config.dataSelection.securityCodes,
    dayStart: allDates || start === null ? Number.NEGATIVE_INFINITY : parseDate(start),
    dayEnd: allDates || end === null ? Number.POSITIVE_INFINITY : parseDate(end),
    arenaBytes,
    universeCacheBytes,
    chunkBytes,
    maxRejectDetails: config.maxRejects + 1,
    yieldToInflate: files.some((f) => f.gzip),
  }));

  const keySpill = new UniverseKeySpill(universeKeysPath(storeDir), universeSpillBytes);
  const pool = ScanPool.start(inits);
  const phases: PhaseStats[] = [];
  let rejectCount = 0;
  let keptRejects = 0;
  let taskId = 0;
  let source: AsyncGenerator<ScanTask> | null = null;
  try {
    const blockBuffers = new BlockBuffers(gzipBlockBytes + GZIP_BLOCK_SLACK);
    let universe: UniverseKeyIndex | null = null;
    let partitions: Float64Array | null = null;
    for (const kind of PHASES) {
      const started = performance.now();
      const kindFiles = files.filter((f) => f.file.kind === kind);
      const scanned = (f: FileState, bytes: number) => {
        f.bytesDone = Math.min(f.file.size, f.bytesDone + bytes);
        progress.scan({ phase: kind, file: f.file.path, bytesDone: f.bytesDone, bytesTotal: f.file.size });
      };
      source = phaseTasks(kindFiles, workers, tuning, gzipBlockBytes, blockBuffers, () => taskId++, scanned);
      await pool.runPhase(
        kind,
        source,
        { universe: kind === 'trades' ? universe : null, partitions: kind === 'nbbo' ? partitions : null },
        {
          onProgress: (task, bytes) => scanned(files[task.fileIndex], bytes),
          onTaskDone(task, result) {
            const f = files[task.fileIndex];
            f.stats.rows_read += result.rowsRead;
            f.stats.rows_used += result.rowsUsed;
            f.stats.rows_filtered += result.rowsFiltered;
            f.stats.rows_rejected += result.rowsRejected;
            const room = config.maxRejects + 1 - keptRejects;
            const rejects = result.rejects.slice(0, Math.max(0, room));
            keptRejects += rejects.length;
            f.ranges.push({ taskId: task.taskId, lines: result.lines, rejects });
            rejectCount += result.rowsRejected;
            if (result.universe) keySpill.add(result.universe);
            if (task.block) blockBuffers.give(task.block);
            if (rejectCount > config.maxRejects) {
              const last = rejects.at(-1) ?? result.rejects.at(-1);
              throw errors.tooManyRejects(
                config.maxRejects,
                last
                  ? `${f.file.path}: ${last.reason}`
                  : `${f.file.path}: ${result.rowsRejected} rejected rows`,
              );
            }
          },
        },
      );
      if (kind === 'orders') {
        universe = keySpill.finish();
        partitions = loggedPartitionKeys(logPaths);
      }
      for (const f of kindFiles) f.stats.bytes_read = f.file.size;
      phases.push({
        name: kind,
        seconds: (performance.now() - started) / 1000,
        bytes: kindFiles.reduce((s, f) => s + f.file.size, 0),
        rows: kindFiles.reduce((s, f) => s + f.stats.rows_read, 0),
      });
      progress.scanDone(kind);
    }
    await pool.close();
  } catch (e) {
    keySpill.close();
    await pool.close(FAILURE_CLOSE_MS);
    await source?.return(undefined);
    const rejectsKept = files.some((f) => f.ranges.some((r) => r.rejects.length > 0));
    rmSync(storeDir, { recursive: true, force: true });
    if (isSweepscopeError(e) && e.code === 'TOO_MANY_REJECTS' && rejectsKept) {
      mkdirSync(storeDir, { recursive: true });
      writeRejectsFile(rejectsPath(storeDir), rejectRows(files));
    }
    throw e;
  }

  rmSync(universeKeysPath(storeDir));
  const partitionExtents = writeExtentIndex(logPaths, extentIndexPath(storeDir), indexBudgetBytes);
  for (const path of logPaths) rmSync(path);
  writeRejectsFile(rejectsPath(storeDir), rejectRows(files));
  const manifest: StoreManifest = {
    version: STORE_MANIFEST_VERSION,
    ingestHash,
    createdAt: new Date().toISOString(),
    inputs: files.map((f) => f.stats),
    partitions: partitionsOf(partitionExtents),
    rejects: rejectCount,
    phases,
  };
  const tmp = join(storeDir, `${MANIFEST_FILE}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(tmp, join(storeDir, MANIFEST_FILE));
  return manifest;
}

/** Read every header and resolve its columns before any scanning starts. */
async function planFiles(config: Config, inputs: Record<InputKind, InputFile[]>): Promise<FileState[]> {
  const out: FileState[] = [];
  for (const kind of PHASES) {
    for (const file of inputs[kind]) {
      const header = await readHeaderLine(file.path);
      out.push({
        file,
        index: out.length,
        plan: planColumns(kind, header.text, file.path, config.columns[kind]),
        gzip: isGzipPath(file.path),
        dataStart: header.dataStart,
        stats: {
          kind,
          path: file.path,
          size: file.size,
          mtimeMs: file.mtimeMs,
          bytes_read: 0,
          rows_read: 0,
          rows_used: 0,
          rows_filtered: 0,
          rows_rejected: 0,
        },
        bytesDone: 0,
        taskIds: [],
        ranges: [],
      });
    }
  }
  return out;
}

interface BlockPull {
  f: FileState;
  blocks: AsyncGenerator<GzipBlock>;
  next: IteratorResult<GzipBlock>;
}

/**
 * The tasks of one phase: every byte range of the plain files first (known up front), then the
 * blocks of the .gz files as zlib produces them. Up to `workers` files are inflated at once (each
 * stream inflates on one thread-pool thread), their blocks going out in the order they are ready;
 * each file has at most one block waiting here, so memory stays a few blocks per file.
 */
async function* phaseTasks(
  files: readonly FileState[],
  workers: number,
  tuning: IngestTuning,
  blockBytes: number,
  buffers: BlockBuffers,
  nextId: () => number,
  onCompressed: (f: FileState, bytes: number) => void,
): AsyncGenerator<ScanTask> {
  for (const f of files) if (!f.gzip) yield* plainRanges(f, workers, tuning, nextId);
  const waiting = files.filter((f) => f.gzip);
  const pulls = new Map<AsyncGenerator<GzipBlock>, Promise<BlockPull>>();
  const pull = (f: FileState, blocks: AsyncGenerator<GzipBlock>) =>
    pulls.set(
      blocks,
      blocks.next().then((next) => ({ f, blocks, next })),
    );
  const open = () => {
    const f = waiting.shift()!;
    pull(
      f,
      gzipBlocks(f.file.path, f.dataStart, blockBytes, buffers, (n) => onCompressed(f, n)),
    );
  };
  try {
    while (pulls.size < workers && waiting.length > 0) open();
    while (pulls.size > 0) {
      const { f, blocks, next } = await Promise.race(pulls.values());
      pulls.delete(blocks);
      if (next.done) {
        if (waiting.length > 0) open();
        continue;
      }
      yield {
        ...taskBase(f),
        taskId: taskIdOf(f, nextId()),
        start: next.value.offset,
        end: next.value.offset + next.value.bytes.length,
        block: next.value.bytes,
      };
      pull(f, blocks);
    }
  } finally {
    // stopped early (a failure): close the files still inflating
    for (const p of pulls.values()) p.catch(() => {});
    await Promise.allSettled([...pulls.keys()].map((blocks) => blocks.return(undefined)));
  }
}

function taskBase(f: FileState) {
  return {
    kind: f.file.kind,
    fileIndex: f.index,
    path: f.file.path,
    fileSize: f.file.size,
    dataStart: f.dataStart,
    plan: f.plan,
  };
}

/** Record a new task of `f` (in file order, for the line-number fix-up). */
function taskIdOf(f: FileState, id: number): number {
  f.taskIds.push(id);
  return id;
}

function plainRanges(f: FileState, workers: number, tuning: IngestTuning, nextId: () => number): ScanTask[] {
  const dataBytes = Math.max(0, f.file.size - f.dataStart);
  const rangeBytes = tuning.rangeBytes ?? RANGE_BYTES;
  let n = tuning.rangesPerFile ?? Math.ceil(dataBytes / rangeBytes);
  // a file bigger than one range is split at least once per worker so all of them work on it
  if (tuning.rangesPerFile === undefined && n > 1) n = Math.ceil(n / workers) * workers;
  n = Math.max(1, n);
  return Array.from({ length: n }, (_, k) => ({
    ...taskBase(f),
    taskId: taskIdOf(f, nextId()),
    start: f.dataStart + Math.floor((k * dataBytes) / n),
    end: k === n - 1 ? f.file.size : f.dataStart + Math.floor(((k + 1) * dataBytes) / n),
    block: null,
  }));
}

/** Keys (partitionKeyOf) of the partitions written so far: after the orders phase, the universe's. */
function loggedPartitionKeys(logPaths: readonly string[]): Float64Array {
  const keys = new Set<number>();
  forEachLoggedExtent(logPaths, extentReadBuffer(1 * MB), (x, o) =>
    keys.add(partitionKeyOf(x[o + EXTENT.day], x[o + EXTENT.security])),
  );
  return Float64Array.from(keys);
}

function partitionsOf(partitions: readonly PartitionExtents[]): PartitionInfo[] {
  return partitions.map((p) => {
    const date = formatDate(p.day);
    return {
      key: partitionKey(date, p.security),
      day: p.day,
      trading_date: date,
      security_code: p.security,
      orders: p.orders,
      trades: p.trades,
      nbbo: p.nbbo,
      extents_first: p.extentsFirst,
      extents_count: p.extentsCount,
    };
  });
}

/**
 * Range-local reject indices -> physical line numbers (header = line 1). After an aborted scan
 * only the ranges before the first unfinished one have known line numbers; later ones are left out.
 */
function rejectRows(files: readonly FileState[]): RejectRow[] {
  const rows: RejectRow[] = [];
  for (const f of files) {
    const done = new Map(f.ranges.map((r) => [r.taskId, r]));
    let before = 0;
    for (const id of f.taskIds) {
      const r = done.get(id);
      if (!r) break;
      for (const x of r.rejects)
        rows.push({ file: f.file.path, line: 2 + before + x.index, reason: x.reason, raw: x.raw });
      before += r.lines;
    }
  }
  return rows;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
