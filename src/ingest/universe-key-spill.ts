/**
 * The orders pass's universe keys on disk, grouped by trading day, so that nothing the size of the
 * whole input's universe stays in memory. The main thread adds each task's key log
 * (UniverseKeyLog entries) to a staging buffer of fixed size; when it is full the entries are
 * grouped by day (a counting sort into a second buffer) and written with ONE sequential write to
 * the end of the keys file, each day's run becoming an extent (day, byte offset, entries). As with
 * the segment files: memory is two buffers, the file is one, and the number of days only changes
 * the extent count. A day's keys may lie in several extents and repeat (the logs drop only recent
 * repeats); the per-day tables of the trades pass (universe-day-cache.ts) absorb both.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ENTRY_WORDS, entryDay } from './universe-table.js';

export const KEY_EXTENT = { day: 0, offset: 1, entries: 2 } as const;
export const KEY_EXTENT_FIELDS = 3;

const ENTRY_BYTES = ENTRY_WORDS * 4;

/** Where each day's keys are: what the trade-scanning workers are given. */
export interface UniverseKeyIndex {
  /** the keys file */
  path: string;
  /** KEY_EXTENT_FIELDS float64 fields per extent, sorted by day, then offset */
  extents: Float64Array;
}

export class UniverseKeySpill {
  private fd: number;
  private staging: Uint32Array;
  private scratch: Uint32Array;
  /** words used in `staging` */
  private length = 0;
  private fileBytes = 0;
  private readonly extents: number[] = [];

  /** `budgetBytes` covers both buffers. */
  constructor(
    private readonly path: string,
    budgetBytes: number,
  ) {
    this.fd = openSync(path, 'w');
    const entries = Math.max(1, Math.floor(budgetBytes / (2 * ENTRY_BYTES)));
    this.staging = new Uint32Array(entries * ENTRY_WORDS);
    this.scratch = new Uint32Array(entries * ENTRY_WORDS);
  }

  /** Add packed entries (ENTRY_WORDS each); written out whenever the staging buffer fills. */
  add(log: Uint32Array): void {
    let from = 0;
    while (from < log.length) {
      if (this.length === this.staging.length) this.spill();
      const n = Math.min(log.length - from, this.staging.length - this.length);
      this.staging.set(log.subarray(from, from + n), this.length);
      this.length += n;
      from += n;
    }
  }

  /** Write what is staged, close the file and return the index of its extents. */
  finish(): UniverseKeyIndex {
    this.spill();
    this.close();
    const n = this.extents.length / KEY_EXTENT_FIELDS;
    const order = Array.from({ length: n }, (_, i) => i * KEY_EXTENT_FIELDS);
    const x = this.extents;
    order.sort(
      (a, b) =>
        x[a + KEY_EXTENT.day] - x[b + KEY_EXTENT.day] || x[a + KEY_EXTENT.offset] - x[b + KEY_EXTENT.offset],
    );
    const extents = new Float64Array(this.extents.length);
    order.forEach((from, to) => {
      for (let k = 0; k < KEY_EXTENT_FIELDS; k++) extents[to * KEY_EXTENT_FIELDS + k] = x[from + k];
    });
    return { path: this.path, extents };
  }

  /** Close the file and drop the buffers (idempotent; after a failure, what is staged is lost). */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    this.staging = new Uint32Array(0);
    this.scratch = new Uint32Array(0);
  }

  private spill(): void {
    const words = this.length;
    if (words === 0) return;
    const src = this.staging;
    // a spill holds few days (inputs are mostly in time order): bucket them through a small map,
    // remembering the last day so that runs of one day skip the lookup
    const bucketOf = new Map<number, number>();
    const days: number[] = [];
    const counts: number[] = [];
    let lastDay = -1;
    let lastBucket = -1;
    for (let o = 0; o < words; o += ENTRY_WORDS) {
      const day = entryDay(src[o + 2]);
      if (day !== lastDay) {
        let b = bucketOf.get(day);
        if (b === undefined) {
          b = days.length;
          bucketOf.set(day, b);
          days.push(day);
          counts.push(0);
        }
        lastDay = day;
        lastBucket = b;
      }
      counts[lastBucket]++;
    }
    const fill: number[] = [];
    let at = 0;
    for (const c of counts) {
      fill.push(at);
      at += c;
    }
    const dst = this.scratch;
    lastDay = -1;
    for (let o = 0; o < words; o += ENTRY_WORDS) {
      const day = entryDay(src[o + 2]);
      if (day !== lastDay) {
        lastDay = day;
        lastBucket = bucketOf.get(day) as number;
      }
      const to = fill[lastBucket]++ * ENTRY_WORDS;
      dst[to] = src[o];
      dst[to + 1] = src[o + 1];
      dst[to + 2] = src[o + 2];
      dst[to + 3] = src[o + 3];
    }
    const bytes = words * 4;
    const view = new Uint8Array(dst.buffer, 0, bytes);
    let written = 0;
    while (written < bytes)
      written += writeSync(this.fd, view, written, bytes - written, this.fileBytes + written);
    let first = 0;
    for (let b = 0; b < days.length; b++) {
      this.extents.push(days[b], this.fileBytes + first * ENTRY_BYTES, counts[b]);
      first += counts[b];
    }
    this.fileBytes += bytes;
    this.length = 0;
  }
}
