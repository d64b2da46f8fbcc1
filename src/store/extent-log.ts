/**
 * A scan worker's extent log: an append-only file next to its segment file, to which every flush
 * appends the extent rows (extent-index.ts layout) of the records it wrote, in one write. The
 * logs are the ingest's only copy of the extents until the main thread sorts them into
 * extents.bin, so neither the workers nor the main thread hold extents in memory as the input grows.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { errors } from '../errors.js';
import { EXTENT_BYTES, EXTENT_FIELDS } from './extent-index.js';

export class ExtentLogWriter {
  private readonly fd: number;
  private bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Append the first `count` rows of `rows`. */
  append(rows: Float64Array, count: number): void {
    const length = count * EXTENT_BYTES;
    const view = new Uint8Array(rows.buffer, rows.byteOffset, length);
    let written = 0;
    while (written < length)
      written += writeSync(this.fd, view, written, length - written, this.bytes + written);
    this.bytes += length;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** A read buffer for forEachLoggedExtent of about `bytes` (at least one row). */
export function extentReadBuffer(bytes: number): Float64Array {
  return new Float64Array(Math.max(1, Math.floor(bytes / EXTENT_BYTES)) * EXTENT_FIELDS);
}

/**
 * Call `visit(rows, o)` for every extent row of the logs, in file order, `o` being the row's first
 * field in `rows`; reads each log sequentially through `rows` (from extentReadBuffer).
 */
export function forEachLoggedExtent(
  paths: readonly string[],
  rows: Float64Array,
  visit: (rows: Float64Array, o: number) => void,
): void {
  const bytes = new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
  for (const path of paths) {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size % EXTENT_BYTES !== 0)
        throw errors.internal(`extent log ${path} holds ${size} bytes, not whole ${EXTENT_BYTES}-byte rows`);
      for (let at = 0; at < size; ) {
        const want = Math.min(bytes.length, size - at);
        let got = 0;
        while (got < want) {
          const n = readSync(fd, bytes, got, want - got, at + got);
          if (n === 0) throw errors.internal(`extent log ${path} ended at byte ${at + got} of ${size}`);
          got += n;
        }
        for (let o = 0; o < want / 8; o += EXTENT_FIELDS) visit(rows, o);
        at += want;
      }
    } finally {
      closeSync(fd);
    }
  }
}
