/**
 * One worker's side of the partition store: records are decoded straight into an arena (a fixed
 * Float64Array), each tagged with its partition. When the arena is full — or the phase ends — all
 * buffered records are grouped by partition (a counting sort into a second arena) and written with
 * ONE sequential write to the end of the worker's own append-only segment file; every partition's
 * run becomes an extent. So memory is two arenas, files are one per worker, and the number of
 * partitions only affects the extent count.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { EXTENT, EXTENT_FIELDS, KIND_CODE } from './extent-index.js';
import { type RecordKind, SLOTS } from './record-layout.js';

const TWO32 = 4_294_967_296;

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
  private readonly bucketOf = new Map<number, number>();
  private bucketDay: number[] = [];
  private bucketSecurity: number[] = [];
  private lastKey = Number.NaN;
  private lastBucket = -1;
  private extents = new Float64Array(1024 * EXTENT_FIELDS);
  private extentCount = 0;

  constructor(
    path: string,
    private readonly segmentId: number,
    arenaBytes: number,
  ) {
    this.fd = openSync(path, 'w');
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
    const key = day * TWO32 + securityCode;
    let bucket = this.lastBucket;
    if (key !== this.lastKey) {
      const known = this.bucketOf.get(key);
      if (known === undefined) {
        bucket = this.bucketDay.length;
        this.bucketOf.set(key, bucket);
        this.bucketDay.push(day);
        this.bucketSecurity.push(securityCode);
      } else bucket = known;
      this.lastKey = key;
      this.lastBucket = bucket;
    }
    this.recordPartition[this.count++] = bucket;
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
    for (let b = 0; b < buckets; b++) {
      const first = start[b];
      // every bucket has records: buckets are created by commit() and dropped at each flush
      this.pushExtent(
        b,
        this.segmentBytes + first * slots * 8,
        start[b + 1] - first,
        dst[first * slots + this.fileOrderSlot],
      );
    }
    this.segmentBytes += bytes;
    this.count = 0;
    // buckets only need to outlive one buffer fill: kept longer, the map and the per-flush loops
    // would grow with every partition of the input
    this.bucketOf.clear();
    this.bucketDay = [];
    this.bucketSecurity = [];
    this.lastKey = Number.NaN;
    this.lastBucket = -1;
  }

  private pushExtent(bucket: number, offset: number, records: number, firstFileOrder: number): void {
    if ((this.extentCount + 1) * EXTENT_FIELDS > this.extents.length) {
      const grown = new Float64Array(this.extents.length * 2);
      grown.set(this.extents);
      this.extents = grown;
    }
    const o = this.extentCount++ * EXTENT_FIELDS;
    const x = this.extents;
    x[o + EXTENT.kind] = this.kindCode;
    x[o + EXTENT.day] = this.bucketDay[bucket];
    x[o + EXTENT.security] = this.bucketSecurity[bucket];
    x[o + EXTENT.segment] = this.segmentId;
    x[o + EXTENT.offset] = offset;
    x[o + EXTENT.records] = records;
    x[o + EXTENT.firstFileOrder] = firstFileOrder;
  }

  /** Flush and hand over the extents written since the last call. */
  takeExtents(): Float64Array {
    this.flush();
    const out = this.extents.slice(0, this.extentCount * EXTENT_FIELDS);
    this.extentCount = 0;
    return out;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
