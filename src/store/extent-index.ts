/**
 * The extent index of a partition store: where each partition's records sit in the segment files.
 * One row of float64 fields per extent (kind, day, security, segment, byte offset, record count,
 * fileOrder of its first record), written once, sorted by (day, security, kind, firstFileOrder),
 * so a reader finds a partition's extents by binary search.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RecordKind } from './record-layout.js';

export const EXTENT = {
  kind: 0,
  day: 1,
  security: 2,
  segment: 3,
  offset: 4,
  records: 5,
  firstFileOrder: 6,
} as const;
export const EXTENT_FIELDS = 7;

export const KIND_CODE: Record<RecordKind, number> = { orders: 0, trades: 1, nbbo: 2 };
export const KIND_OF_CODE: readonly RecordKind[] = ['orders', 'trades', 'nbbo'];

export const EXTENT_INDEX_FILE = 'extents.bin';

function compareExtents(x: Float64Array, a: number, b: number): number {
  const oa = a * EXTENT_FIELDS;
  const ob = b * EXTENT_FIELDS;
  return (
    x[oa + EXTENT.day] - x[ob + EXTENT.day] ||
    x[oa + EXTENT.security] - x[ob + EXTENT.security] ||
    x[oa + EXTENT.kind] - x[ob + EXTENT.kind] ||
    x[oa + EXTENT.firstFileOrder] - x[ob + EXTENT.firstFileOrder]
  );
}

/** Concatenate per-worker extent lists, sort them and return the index rows. */
export function buildExtentIndex(lists: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Float64Array(total);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  const n = total / EXTENT_FIELDS;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => compareExtents(all, a, b));
  const sorted = new Float64Array(total);
  order.forEach((from, to) => {
    sorted.set(all.subarray(from * EXTENT_FIELDS, (from + 1) * EXTENT_FIELDS), to * EXTENT_FIELDS);
  });
  return sorted;
}

export function writeExtentIndex(path: string, index: Float64Array): void {
  writeFileSync(path, new Uint8Array(index.buffer, index.byteOffset, index.byteLength));
}

export function readExtentIndex(path: string): Float64Array {
  const bytes = readFileSync(path);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

/** [first, end) extent rows of partition (day, security) in a sorted index. */
export function partitionExtents(index: Float64Array, day: number, security: number): [number, number] {
  const n = index.length / EXTENT_FIELDS;
  const before = (i: number) => {
    const o = i * EXTENT_FIELDS;
    const d = index[o + EXTENT.day];
    return d < day || (d === day && index[o + EXTENT.security] < security);
  };
  const atOrBefore = (i: number) => {
    const o = i * EXTENT_FIELDS;
    const d = index[o + EXTENT.day];
    return d < day || (d === day && index[o + EXTENT.security] <= security);
  };
  return [lowerBound(n, before), lowerBound(n, atOrBefore)];
}

function lowerBound(n: number, isBefore: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
