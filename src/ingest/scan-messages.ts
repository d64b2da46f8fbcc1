/**
 * Messages between the ingest's main thread (scan-pool.ts) and its scan workers (scan-worker.ts).
 */
import type { InputKind } from '../config/types.js';
import type { ErrorCode } from '../errors.js';
import type { ColumnPlan } from './header.js';
import type { RejectDetail, RowCounts } from './row-router.js';
import type { UniverseKeyIndex } from './universe-key-spill.js';

export interface WorkerInit {
  workerIndex: number;
  segmentPath: string;
  /** where the worker appends the extents of its segment (extent-log.ts) */
  extentLogPath: string;
  timezone: string;
  dayCutoff: string;
  holidays: string[];
  centrePointMask: number;
  /** empty = all */
  securities: number[];
  dayStart: number;
  dayEnd: number;
  arenaBytes: number;
  /** trades pass: memory for the per-day universe tables (universe-day-cache.ts) */
  universeCacheBytes: number;
  chunkBytes: number;
  maxRejectDetails: number;
  /** the ingest has .gz input: run below normal priority so zlib's inflater is never starved */
  yieldToInflate: boolean;
}

/**
 * A unit of scanning: the lines starting in [start, end) of a plain file, or (with `block`) an
 * in-memory block of decompressed .gz data whose first byte is at stream offset `start`. The block
 * is a view of a SharedArrayBuffer: the main thread reuses it once the task is done.
 */
export interface ScanTask {
  taskId: number;
  kind: InputKind;
  fileIndex: number;
  path: string;
  fileSize: number;
  dataStart: number;
  start: number;
  end: number;
  plan: ColumnPlan;
  block: Uint8Array | null;
}

export type ToWorker =
  /** trades: `universe` says where each day's universe keys are; nbbo: the universe partitions */
  | { type: 'phase'; kind: InputKind; universe: UniverseKeyIndex | null; partitions: Float64Array | null }
  | { type: 'task'; task: ScanTask }
  | { type: 'endPhase' }
  | { type: 'close' };

export interface TaskResult extends RowCounts {
  taskId: number;
  lines: number;
  rejects: RejectDetail[];
  /** orders tasks: the universe keys of the kept rows (UniverseKeyLog entries) */
  universe: Uint32Array | null;
}

export type FromWorker =
  | { type: 'progress'; taskId: number; bytes: number }
  | { type: 'taskDone'; result: TaskResult }
  /** every record of the phase is in the segment and its extents in the extent log */
  | { type: 'phaseDone' }
  | { type: 'closed' }
  /** a SweepscopeError (code and message kept) or any other failure as INTERNAL */
  | { type: 'error'; code: ErrorCode; message: string };
