/**
 * The extent index of a partition store (extents.bin): where each partition's records sit in the
 * segment files. One row of float64 fields per extent (kind, day, security, segment, byte offset,
 * record count, fileOrder of its first record), sorted by (day, security) and, within a
 * partition, by (kind, firstFileOrder). The manifest gives each partition's row range, so a
 * reader takes just its partition's rows with one positional read.
 */
import { readSync } from 'node:fs';
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
export const EXTENT_BYTES = EXTENT_FIELDS * 8;

export const KIND_CODE: Record<RecordKind, number> = { orders: 0, trades: 1, nbbo: 2 };
export const KIND_OF_CODE: readonly RecordKind[] = ['orders', 'trades', 'nbbo'];

export const EXTENT_INDEX_FILE = 'extents.bin';

const TWO32 = 4_294_967_296;

/** One number per partition (day, security), exact in a float64 for any day and uint32 security. */
export function partitionKeyOf(day: number, security: number): number {
  return day * TWO32 + security;
}

/**
 * Sort rows [first, end) of one partition by (kind, firstFileOrder): the order in which the reader
 * gets records back in input order without re-sorting them in the common case.
 */
export function sortPartitionRows(rows: Float64Array, first: number, end: number): void {
  const before = (a: number, b: number) => {
    const oa = a * EXTENT_FIELDS;
    const ob = b * EXTENT_FIELDS;
    return (
      rows[oa + EXTENT.kind] - rows[ob + EXTENT.kind] ||
      rows[oa + EXTENT.firstFileOrder] - rows[ob + EXTENT.firstFileOrder]
    );
  };
  let sorted = true;
  for (let i = first + 1; i < end && sorted; i++) sorted = before(i - 1, i) < 0;
  if (sorted) return;
  const order = Array.from({ length: end - first }, (_, i) => first + i);
  order.sort(before);
  const copy = rows.slice(first * EXTENT_FIELDS, end * EXTENT_FIELDS);
  order.forEach((from, to) => {
    const o = (from - first) * EXTENT_FIELDS;
    rows.set(copy.subarray(o, o + EXTENT_FIELDS), (first + to) * EXTENT_FIELDS);
  });
}

/** Rows [first, first + count) of an index file; null when the file ends before them. */
export function readExtentRows(fd: number, first: number, count: number): Float64Array | null {
  const rows = new Float64Array(count * EXTENT_FIELDS);
  const bytes = new Uint8Array(rows.buffer);
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, first * EXTENT_BYTES + done);
    if (n === 0) return null;
    done += n;
  }
  return rows;
}
