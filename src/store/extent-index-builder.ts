/**
 * Sorts the scan workers' extent logs into extents.bin within a fixed memory budget, however many
 * extents the ingest wrote: one read of the logs counts each partition's extents and records
 * (memory: one tally per partition), which places every partition's rows in the index; then each
 * pass gathers the rows of a run of partitions that fits the budget from another sequential read
 * of the logs, sorts them within their partitions and writes them at their place.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { errors } from '../errors.js';
import {
  EXTENT,
  EXTENT_BYTES,
  EXTENT_FIELDS,
  KIND_OF_CODE,
  partitionKeyOf,
  sortPartitionRows,
} from './extent-index.js';
import { extentReadBuffer, forEachLoggedExtent } from './extent-log.js';

/** A partition's record counts and its rows [extentsFirst, extentsFirst + extentsCount) in the index. */
export interface PartitionExtents {
  day: number;
  security: number;
  orders: number;
  trades: number;
  nbbo: number;
  extentsFirst: number;
  extentsCount: number;
}

/** log reads go through a buffer of at most this size (also capped by the budget) */
const READ_BUFFER_BYTES = 1024 * 1024;

/**
 * Write the index of the extents in `logPaths` to `indexPath` and return every partition with
 * rows, sorted by (day, security). A pass holds the rows of as many consecutive partitions as fit
 * `budgetBytes`, and at least one: a partition's rows are fewer bytes than its records, which
 * the job that reads it holds anyway.
 */
export function writeExtentIndex(
  logPaths: readonly string[],
  indexPath: string,
  budgetBytes: number,
): PartitionExtents[] {
  const readBuffer = extentReadBuffer(Math.min(READ_BUFFER_BYTES, Math.floor(budgetBytes / 4)));
  const partitions = countPartitions(logPaths, readBuffer);
  const ordinal = new Map<number, number>();
  let rows = 0;
  partitions.forEach((p, i) => {
    ordinal.set(partitionKeyOf(p.day, p.security), i);
    p.extentsFirst = rows;
    rows += p.extentsCount;
  });

  const passRows = Math.max(1, Math.floor((budgetBytes - readBuffer.byteLength) / EXTENT_BYTES));
  const passes: [from: number, to: number][] = [];
  let largest = 0;
  for (let from = 0; from < partitions.length; ) {
    let to = from + 1;
    while (to < partitions.length && passEnd(partitions, to) - partitions[from].extentsFirst <= passRows)
      to++;
    passes.push([from, to]);
    largest = Math.max(largest, passEnd(partitions, to - 1) - partitions[from].extentsFirst);
    from = to;
  }
  // one buffer for every pass: a new one per pass would pile up faster than the GC frees them
  const passBuffer = new Float64Array(largest * EXTENT_FIELDS);
  const fd = openSync(indexPath, 'w');
  try {
    for (const [from, to] of passes)
      writePass(logPaths, readBuffer, passBuffer, partitions, ordinal, from, to, fd);
  } finally {
    closeSync(fd);
  }
  return partitions;
}

/** The index row just past partition `i`. */
function passEnd(partitions: readonly PartitionExtents[], i: number): number {
  return partitions[i].extentsFirst + partitions[i].extentsCount;
}

function countPartitions(logPaths: readonly string[], readBuffer: Float64Array): PartitionExtents[] {
  const byKey = new Map<number, PartitionExtents>();
  forEachLoggedExtent(logPaths, readBuffer, (x, o) => {
    const day = x[o + EXTENT.day];
    const security = x[o + EXTENT.security];
    const key = partitionKeyOf(day, security);
    let p = byKey.get(key);
    if (p === undefined) {
      p = { day, security, orders: 0, trades: 0, nbbo: 0, extentsFirst: 0, extentsCount: 0 };
      byKey.set(key, p);
    }
    p.extentsCount++;
    p[KIND_OF_CODE[x[o + EXTENT.kind]]] += x[o + EXTENT.records];
  });
  return [...byKey.values()].sort((a, b) => a.day - b.day || a.security - b.security);
}

/** Gather, sort and write the rows of partitions [from, to). */
function writePass(
  logPaths: readonly string[],
  readBuffer: Float64Array,
  passBuffer: Float64Array,
  partitions: readonly PartitionExtents[],
  ordinal: ReadonlyMap<number, number>,
  from: number,
  to: number,
  fd: number,
): void {
  const base = partitions[from].extentsFirst;
  const out = passBuffer.subarray(0, (passEnd(partitions, to - 1) - base) * EXTENT_FIELDS);
  const next = partitions.slice(from, to).map((p) => p.extentsFirst - base);
  forEachLoggedExtent(logPaths, readBuffer, (x, o) => {
    const i = ordinal.get(partitionKeyOf(x[o + EXTENT.day], x[o + EXTENT.security]));
    if (i === undefined || i < from || i >= to) return;
    out.set(x.subarray(o, o + EXTENT_FIELDS), next[i - from]++ * EXTENT_FIELDS);
  });
  for (let i = from; i < to; i++) {
    // the logs changed between the counting read and this one: never write a misplaced index
    if (next[i - from] !== passEnd(partitions, i) - base)
      throw errors.internal(`extent logs changed while extents.bin was written (partition ${i})`);
    sortPartitionRows(out, partitions[i].extentsFirst - base, passEnd(partitions, i) - base);
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  let written = 0;
  while (written < bytes.length)
    written += writeSync(fd, bytes, written, bytes.length - written, base * EXTENT_BYTES + written);
}
