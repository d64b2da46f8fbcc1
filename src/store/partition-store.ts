/**
 * Read side of the partition store: a complete store (manifest.json present) is opened cheaply —
 * only the manifest is read; the extent index is loaded on the first readPartition and segment
 * files are opened on first use — so each job process can open it and pread just its partition.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '../errors.js';
import type { PartitionData } from '../model/rows.js';
import {
  EXTENT,
  EXTENT_FIELDS,
  EXTENT_INDEX_FILE,
  KIND_CODE,
  partitionExtents,
  readExtentIndex,
} from './extent-index.js';
import {
  decodeNbbo,
  decodeOrders,
  decodeTrades,
  NBBO,
  ORDER,
  type RecordKind,
  SLOTS,
  TRADE,
} from './record-layout.js';
import type { StoreManifest } from './types.js';

export const MANIFEST_FILE = 'manifest.json';

export function rejectsPath(storeDir: string): string {
  return join(storeDir, 'rejects.csv');
}

export function segmentPath(storeDir: string, segment: number): string {
  return join(storeDir, `segment-${segment}.bin`);
}

/** The orders pass's universe keys (ingest-internal, removed when the ingest ends). */
export function universeKeysPath(storeDir: string): string {
  return join(storeDir, 'universe-keys.bin');
}

export function extentIndexPath(storeDir: string): string {
  return join(storeDir, EXTENT_INDEX_FILE);
}

const FILE_ORDER_SLOT: Record<RecordKind, number> = {
  orders: ORDER.fileOrder,
  trades: TRADE.fileOrder,
  nbbo: NBBO.fileOrder,
};

/**
 * Records in input order. Extents are sorted by their first record, but one extent can hold rows
 * of several scan tasks of a worker (it flushes when its buffer is full, not per task), so runs
 * may interleave; then the records are reordered by fileOrder, which is unique per row.
 */
function inFileOrder(records: Float64Array, slots: number, slot: number): Float64Array {
  const n = records.length / slots;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = records[(i - 1) * slots + slot] < records[i * slots + slot];
  if (sorted) return records;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => records[a * slots + slot] - records[b * slots + slot]);
  const out = new Float64Array(records.length);
  order.forEach((from, to) => {
    out.set(records.subarray(from * slots, (from + 1) * slots), to * slots);
  });
  return out;
}

export class PartitionStore {
  private index: Float64Array | null = null;
  private readonly segments = new Map<number, number>();

  private constructor(
    readonly storeDir: string,
    readonly manifest: StoreManifest,
  ) {}

  static open(storeDir: string): PartitionStore {
    const path = join(storeDir, MANIFEST_FILE);
    if (!existsSync(path))
      throw errors.storeInvalid(storeDir, 'no manifest.json (the ingest did not complete)');
    let manifest: StoreManifest;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8')) as StoreManifest;
    } catch (e) {
      throw errors.storeInvalid(storeDir, `manifest.json: ${e instanceof Error ? e.message : String(e)}`);
    }
    return new PartitionStore(storeDir, manifest);
  }

  readPartition(day: number, securityCode: number): PartitionData {
    this.index ??= readExtentIndex(extentIndexPath(this.storeDir));
    const [first, end] = partitionExtents(this.index, day, securityCode);
    return {
      day,
      securityCode,
      orders: decodeOrders(this.readKind('orders', first, end)),
      trades: decodeTrades(this.readKind('trades', first, end)),
      quotes: decodeNbbo(this.readKind('nbbo', first, end)),
    };
  }

  /** Close the segment files opened so far. */
  close(): void {
    for (const fd of this.segments.values()) closeSync(fd);
    this.segments.clear();
  }

  private readKind(kind: RecordKind, first: number, end: number): Float64Array {
    const x = this.index as Float64Array;
    const code = KIND_CODE[kind];
    let records = 0;
    for (let i = first; i < end; i++) {
      if (x[i * EXTENT_FIELDS + EXTENT.kind] === code) records += x[i * EXTENT_FIELDS + EXTENT.records];
    }
    const out = new Float64Array(records * SLOTS[kind]);
    const bytes = new Uint8Array(out.buffer);
    let at = 0;
    for (let i = first; i < end; i++) {
      const o = i * EXTENT_FIELDS;
      if (x[o + EXTENT.kind] !== code) continue;
      const length = x[o + EXTENT.records] * SLOTS[kind] * 8;
      const fd = this.segment(x[o + EXTENT.segment]);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, bytes, at + done, length - done, x[o + EXTENT.offset] + done);
        if (n === 0)
          throw errors.storeInvalid(
            this.storeDir,
            `segment ${x[o + EXTENT.segment]} is shorter than its index`,
          );
        done += n;
      }
      at += length;
    }
    return inFileOrder(out, SLOTS[kind], FILE_ORDER_SLOT[kind]);
  }

  private segment(id: number): number {
    let fd = this.segments.get(id);
    if (fd === undefined) {
      fd = openSync(segmentPath(this.storeDir, id), 'r');
      this.segments.set(id, fd);
    }
    return fd;
  }
}
