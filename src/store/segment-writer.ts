/**
 * One worker's side of the partition store: records are decoded straight into an arena (a fixed
 * Float64Array), each tagged with its partition. When the arena is full — or the phase ends — all
 * buffered records are grouped by partition (a counting sort into a second arena) and written with
 * ONE sequential write to the end of the worker's own append-only segment file; every partition's
 * run becomes an extent, and the flush's extents go in one more write to the worker's extent log.
 * So memory is two arenas, files are two per worker, and the number of partitions only affects
 * the extent count.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { EXTENT, EXTENT_FIELDS, KIND_CODE } from './extent-index.js';
import { ExtentLogWriter } from './extent-log.js';
import { PartitionKeyMap } from './partition-key-map.js';
import { type RecordKind, SLOTS } from './record-layout.js';

export class SegmentWriter {
  private readonly fd: number;
  private segmentBytes = 0;
  private readonly arena: Float64Array;
  private readonly scratch: Float64Array;
  private recordPartition: Int32Array;
  private slots = 0;
  private kindCode = 0;
  private fileOrderSlot = 0;
  private count = 0;
  private capacity = 0;
  private readonly bucketOf = new PartitionKeyMap();
  private bucketDay: number[] = [];
  private bucketSecurity: number[] = [];
  private lastDay = Number.NaN;
  private lastSecurity = Number.NaN;
  private lastBucket = -1;
  private readonly extentLog: ExtentLogWriter;
  /** one flush's extent rows; grows to the most partitions a flush has met */
  private extents = new Float64Array(64 * EXTENT_FIELDS);

  constructor(
    path: string,
    extentLogPath: string,
    private readonly segmentId: number,
    arenaBytes: number,
  ) {
    this.fd = openSync(path, 'w');
    this.extentLog = new ExtentLogWriter(extentLogPath);
    // one allocation for the whole ingest, holding at least one record of the largest kind
    const floats = Math.max(...Object.values(SLOTS), Math.floor(arenaBytes / 8));
    this.arena = new Float64Array(floats);
    this.scratch = new Float64Array(floats);
    this.recordPartition = new Int32Array(0);
  }

  /** Start buffering records of `kind` (flush the previous kind first). */
  begin(kind: RecordKind, fileOrderSlot: number): void {
    this.flush();
    this.slots = SLOTS[kind];
    this.kindCode = KIND_CODE[kind];
    this.fileOrderSlot = fileOrderSlot;
    this.capacity = Math.floor(this.arena.length / this.slots);
    if (this.recordPartition.length !== this.capacity) this.recordPartition = new Int32Array(this.capacity);
  }

  /** The arena and the slot index the next record is decoded into (flushing when full). */
  get buffer(): Float64Array {
    return this.arena;
  }
  nextBase(): number {
    if (this.count === this.capacity) this.flush();
    return this.count * this.slots;
  }

  /** Keep the record decoded at nextBase() in partition (day, securityCode). */
  commit(day: number, securityCode: number): void {
    if (day !== this.lastDay || securityCode !== this.lastSecurity) {
      let bucket = this.bucketOf.get(day, securityCode);
      if (bucket < 0) {
        bucket = this.bucketDay.length;
        this.bucketOf.set(day, securityCode, bucket);
        this.bucketDay.push(day);
        this.bucketSecurity.push(securityCode);
      }
      this.lastDay = day;
      this.lastSecurity = securityCode;
      this.lastBucket = bucket;
    }
    this.recordPartition[this.count++] = this.lastBucket;
  }

  /** Write every buffered record to the segment, one extent per partition. */
  flush(): void {
    const n = this.count;
    if (n === 0) return;
    const slots = this.slots;
    const buckets = this.bucketDay.length;
    const start = new Int32Array(buckets + 1);
    const part = this.recordPartition;
    for (let i = 0; i < n; i++) start[part[i] + 1]++;
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const fill = start.slice(0, buckets);
    const src = this.arena;
    const dst = this.scratch;
    for (let i = 0; i < n; i++) {
      const at = fill[part[i]]++ * slots;
      const from = i * slots;
      for (let k = 0; k < slots; k++) dst[at + k] = src[from + k];
    }
    const bytes = n * slots * 8;
    const view = new Uint8Array(dst.buffer, dst.byteOffset, bytes);
    let written = 0;
    while (written < bytes)
      written += writeSync(this.fd, view, written, bytes - written, this.segmentBytes + written);
    if (buckets * EXTENT_FIELDS > this.extents.length)
      this.extents = new Float64Array(
        Math.max(buckets, 2 * (this.extents.length / EXTENT_FIELDS)) * EXTENT_FIELDS,
      );
    const x = this.extents;
    for (let b = 0; b < buckets; b++) {
      // every bucket has records: buckets are created by commit() and dropped at each flush
      const first = start[b];
      const o = b * EXTENT_FIELDS;
      x[o + EXTENT.kind] = this.kindCode;
      x[o + EXTENT.day] = this.bucketDay[b];
      x[o + EXTENT.security] = this.bucketSecurity[b];
      x[o + EXTENT.segment] = this.segmentId;
      x[o + EXTENT.offset] = this.segmentBytes + first * slots * 8;
      x[o + EXTENT.records] = start[b + 1] - first;
      x[o + EXTENT.firstFileOrder] = dst[first * slots + this.fileOrderSlot];
    }
    this.extentLog.append(x, buckets);
    this.segmentBytes += bytes;
    this.count = 0;
    // buckets only need to outlive one buffer fill: kept longer, the map and the per-flush loops
    // would grow with every partition of the input
    this.bucketOf.clear();
    this.bucketDay = [];
    this.bucketSecurity = [];
    this.lastDay = Number.NaN;
    this.lastSecurity = Number.NaN;
    this.lastBucket = -1;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.extentLog.close();
  }
}
