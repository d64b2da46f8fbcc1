/**
 * A scan worker thread. It owns one segment file for the whole ingest, runs the tasks the main
 * thread hands it one at a time (a byte range of a plain file or a block of decompressed .gz
 * data), returning counts, rejects and — for orders — the universe keys of each task; at the end
 * of each phase it flushes its records (and their extents, to its extent log).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isSweepscopeError } from '../errors.js';
import { FILE_ORDER_FILE_STRIDE } from '../model/rows.js';
import { PartitionKeyMap } from '../store/partition-key-map.js';
import { NBBO, ORDER, TRADE } from '../store/record-layout.js';
import { SegmentWriter } from '../store/segment-writer.js';
import { TradingCalendar } from '../time/trading-calendar.js';
import { BlockScanner } from './block-scanner.js';
import { type ScanResult, scanPlainRange } from './chunk-reader.js';
import { LineDecoder } from './line-decoder.js';
import { type RoutingRules, RowRouter } from './row-router.js';
import type { FromWorker, ScanTask, ToWorker, WorkerInit } from './scan-messages.js';
import { lowerThreadPriority, SCAN_WORKER_NICENESS } from './thread-priority.js';
import { UniverseDayCache } from './universe-day-cache.js';
import { UniverseKeyLog } from './universe-key-log.js';

const PROGRESS_INTERVAL_MS = 200;
const TWO32 = 4_294_967_296;

const init = workerData as WorkerInit;
const port = parentPort!;
if (init.yieldToInflate) lowerThreadPriority(SCAN_WORKER_NICENESS);
const writer = new SegmentWriter(init.segmentPath, init.extentLogPath, init.workerIndex, init.arenaBytes);
const calendar = new TradingCalendar({
  timezone: init.timezone,
  dayCutoff: init.dayCutoff,
  holidays: init.holidays,
});
let rules: RoutingRules | null = null;
let lineBuffer: Buffer = Buffer.allocUnsafe(Math.max(16, init.chunkBytes));

/** where .gz blocks are scanned (made at the first block) */
let blockScanner: BlockScanner | null = null;

function post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

function startPhase(msg: Extract<ToWorker, { type: 'phase' }>): void {
  const fileOrderSlot =
    msg.kind === 'orders' ? ORDER.fileOrder : msg.kind === 'trades' ? TRADE.fileOrder : NBBO.fileOrder;
  writer.begin(msg.kind, fileOrderSlot);
  rules = {
    kind: msg.kind,
    calendar,
    centrePointMask: init.centrePointMask,
    securities: init.securities.length > 0 ? new Set(init.securities) : null,
    dayStart: init.dayStart,
    dayEnd: init.dayEnd,
    universeLog: msg.kind === 'orders' ? new UniverseKeyLog() : null,
    universe: msg.universe ? new UniverseDayCache(msg.universe, init.universeCacheBytes) : null,
    partitions: msg.partitions ? partitionSet(msg.partitions) : null,
  };
}

/** The universe partitions from their keys (partitionKeyOf: day * 2^32 + security). */
function partitionSet(keys: Float64Array): PartitionKeyMap {
  const set = new PartitionKeyMap(keys.length);
  for (const key of keys) set.set(Math.floor(key / TWO32), key % TWO32, 1);
  return set;
}

function runTask(task: ScanTask): void {
  const router = new RowRouter(
    rules!,
    new LineDecoder(task.plan),
    writer,
    task.fileIndex * FILE_ORDER_FILE_STRIDE,
    init.maxRejectDetails,
  );
  let pending = 0;
  let last = Date.now();
  const onBytes = (n: number) => {
    pending += n;
    const now = Date.now();
    if (now - last >= PROGRESS_INTERVAL_MS) {
      post({ type: 'progress', taskId: task.taskId, bytes: pending });
      pending = 0;
      last = now;
    }
  };
  let scanned: ScanResult;
  if (task.block) {
    blockScanner ??= new BlockScanner();
    const prefilter = router.orderTypePrefilter;
    if (prefilter) {
      const { lines, filtered } = blockScanner.scanOrders(
        task.block,
        task.start,
        prefilter.field,
        prefilter.mask,
        router,
      );
      router.countPrefiltered(filtered);
      scanned = { lines, buffer: lineBuffer };
    } else {
      // null outside the trades phase (no universe), or when the kernel cannot serve the block
      const universeDay = rules!.universe?.current ?? null;
      const trades = blockScanner.scanTrades(task.block, task.start, task.plan, universeDay, router);
      if (trades) router.countPrefiltered(trades.filtered);
      scanned = {
        lines: trades ? trades.lines : blockScanner.scanLines(task.block, task.start, router),
        buffer: lineBuffer,
      };
    }
  } else {
    scanned = scanPlainRange(
      task.path,
      task.fileSize,
      task.dataStart,
      task.start,
      task.end,
      init.chunkBytes,
      lineBuffer,
      router,
      onBytes,
    );
    lineBuffer = scanned.buffer;
  }
  if (pending > 0) post({ type: 'progress', taskId: task.taskId, bytes: pending });
  const universe = rules!.universeLog?.take() ?? null;
  const transfer: ArrayBuffer[] = [];
  if (universe) transfer.push(universe.buffer as ArrayBuffer);
  post(
    {
      type: 'taskDone',
      result: {
        taskId: task.taskId,
        lines: scanned.lines,
        rowsRead: router.rowsRead,
        rowsUsed: router.rowsUsed,
        rowsFiltered: router.rowsFiltered,
        rowsRejected: router.rowsRejected,
        rejects: router.rejects,
        universe,
      },
    },
    transfer,
  );
}

function endPhase(): void {
  writer.flush();
  rules?.universe?.close();
  rules = null;
  post({ type: 'phaseDone' });
}

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'phase':
      startPhase(msg);
      return;
    case 'task':
      runTask(msg.task);
      return;
    case 'endPhase':
      endPhase();
      return;
    case 'close':
      // after a failure the phase did not end: its keys file may still be open
      rules?.universe?.close();
      writer.close();
      post({ type: 'closed' });
      return;
  }
}

port.on('message', (msg: ToWorker) => {
  try {
    handle(msg);
  } catch (e) {
    const code = isSweepscopeError(e) ? e.code : 'INTERNAL';
    const message =
      e instanceof Error
        ? isSweepscopeError(e)
          ? e.message
          : `scan worker: ${e.stack ?? e.message}`
        : String(e);
    post({ type: 'error', code, message });
  }
});
