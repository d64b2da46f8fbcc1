/**
 * Read side of the partition store: a complete store (manifest.json present) is opened cheaply —
 * only the manifest is read; extents.bin and the segment files are opened on first use — so each
 * job process can open it and pread just its partition: its extent rows (located by the
 * manifest) with one read, then its records.
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
  partitionKeyOf,
  readExtentRows,
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
import { type PartitionInfo, STORE_MANIFEST_VERSION, type StoreManifest } from './types.js';

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

/** A scan worker's extent log (ingest-internal, removed once extents.bin is written). */
export function extentLogPath(storeDir: string, segment: number): string {
  return join(storeDir, `segment-${segment}.extents`);
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
  private partitions: Map<number, PartitionInfo> | null = null;
  private indexFd: number | null = null;
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
    if (manifest.version !== STORE_MANIFEST_VERSION)
      throw errors.storeInvalid(
        storeDir,
        `manifest.json: store version ${manifest.version}, this build reads version ${STORE_MANIFEST_VERSION} (ingest again)`,
      );
    return new PartitionStore(storeDir, manifest);
  }

  /** The partition's rows in input order; empty when the store has no rows for it. */
  readPartition(day: number, securityCode: number): PartitionData {
    const rows = this.extentRows(day, securityCode);
    return {
      day,
      securityCode,
      orders: decodeOrders(this.readKind(rows, 'orders')),
      trades: decodeTrades(this.readKind(rows, 'trades')),
      quotes: decodeNbbo(this.readKind(rows, 'nbbo')),
    };
  }

  /** Close the files opened so far. */
  close(): void {
    for (const fd of this.segments.values()) closeSync(fd);
    this.segments.clear();
    if (this.indexFd !== null) closeSync(this.indexFd);
    this.indexFd = null;
  }

  private extentRows(day: number, securityCode: number): Float64Array {
    this.partitions ??= new Map(
      this.manifest.partitions.map((p) => [partitionKeyOf(p.day, p.security_code), p]),
    );
    const p = this.partitions.get(partitionKeyOf(day, securityCode));
    if (p === undefined) return new Float64Array(0);
    this.indexFd ??= openSync(extentIndexPath(this.storeDir), 'r');
    const rows = readExtentRows(this.indexFd, p.extents_first, p.extents_count);
    if (rows === null)
      throw errors.storeInvalid(
        this.storeDir,
        `${EXTENT_INDEX_FILE} ends before the rows of partition ${p.key}`,
      );
    // a cheap guard against an index that does not belong to this manifest
    for (let o = 0; o < rows.length; o += EXTENT_FIELDS) {
      if (rows[o + EXTENT.day] !== day || rows[o + EXTENT.security] !== securityCode)
        throw errors.storeInvalid(
          this.storeDir,
          `${EXTENT_INDEX_FILE} row ${p.extents_first + o / EXTENT_FIELDS} is not of partition ${p.key}`,
        );
    }
    return rows;
  }

  private readKind(x: Float64Array, kind: RecordKind): Float64Array {
    const code = KIND_CODE[kind];
    let records = 0;
    for (let o = 0; o < x.length; o += EXTENT_FIELDS) {
      if (x[o + EXTENT.kind] === code) records += x[o + EXTENT.records];
    }
    const out = new Float64Array(records * SLOTS[kind]);
    const bytes = new Uint8Array(out.buffer);
    let at = 0;
    for (let o = 0; o < x.length; o += EXTENT_FIELDS) {
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
