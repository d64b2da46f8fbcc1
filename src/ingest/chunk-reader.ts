/**
 * Feeds a LineSplitter from a file: a byte range of a plain file with readSync into the splitter's
 * one reused buffer (measured ~45% faster than createReadStream), or an in-memory block of
 * decompressed .gz data cut at line ends by gzipBlocks() on the main thread.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { errors } from '../errors.js';
import { type LineSink, LineSplitter } from './line-splitter.js';

/** Reads past the range end (to finish its last line) go in small steps. */
const TAIL_READ_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const LF = 10;

export interface ScanResult {
  /** lines owned by the range (for line-number fix-up) */
  lines: number;
  /** the line buffer, grown if a line needed it: pass it to the next scan */
  buffer: Buffer;
}

/**
 * Scan the lines that start in [start, end) of a plain file. `dataStart` is where the first row
 * starts (after the header); the range at dataStart owns its first line outright, any later range
 * begins one byte early and skips to the first LF.
 */
export function scanPlainRange(
  path: string,
  fileSize: number,
  dataStart: number,
  start: number,
  end: number,
  chunkBytes: number,
  buffer: Buffer,
  sink: LineSink,
  onBytes: (bytes: number) => void,
): ScanResult {
  const skipFirst = start > dataStart;
  let pos = skipFirst ? start - 1 : start;
  const splitter = new LineSplitter(sink, buffer, pos, skipFirst, end, MAX_LINE_BYTES);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw errors.inputUnreadable(path, e);
  }
  try {
    while (!splitter.finished && pos < fileSize) {
      let want = Math.min(pos < end ? Math.min(chunkBytes, end - pos) : TAIL_READ_BYTES, fileSize - pos);
      const buf = splitter.reserve(Math.min(want, TAIL_READ_BYTES));
      want = Math.min(want, splitter.room);
      let n: number;
      try {
        n = readSync(fd, buf, splitter.writeAt, want, pos);
      } catch (e) {
        throw errors.inputUnreadable(path, e);
      }
      if (n === 0) break;
      pos += n;
      splitter.commit(n);
      onBytes(n);
    }
    splitter.end();
  } finally {
    closeSync(fd);
  }
  return { lines: splitter.lineCount, buffer: splitter.buffer };
}

/** Scan the lines of an in-memory block that starts at a line start (stream offset `offset`). */
export function scanBlock(block: Buffer, offset: number, sink: LineSink): ScanResult {
  const splitter = new LineSplitter(sink, block, offset, false, Number.POSITIVE_INFINITY, MAX_LINE_BYTES);
  splitter.commit(block.length);
  splitter.end();
  return { lines: splitter.lineCount, buffer: block };
}

/**
 * Block memory shared with the workers: a block is a view of a SharedArrayBuffer, so a task
 * message shares it (no copy, no transfer) and the main thread takes it back for the next block
 * once the task is done. With blocks transferred back and forth as plain ArrayBuffers instead, the
 * main thread ran a full GC every ~30 ms (measured: 88 in one 1.2 GB ingest, 4 with shared blocks).
 */
export class BlockBuffers {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(readonly capacity: number) {}

  /** A block of `capacity` bytes, or of `bytes` when that is more (such a block is not pooled). */
  take(bytes = this.capacity): Buffer {
    if (bytes > this.capacity) return Buffer.from(new SharedArrayBuffer(bytes));
    return Buffer.from(this.free.pop() ?? new SharedArrayBuffer(this.capacity));
  }

  give(block: Uint8Array): void {
    if (block.buffer.byteLength === this.capacity) this.free.push(block.buffer as SharedArrayBuffer);
  }
}

export interface GzipBlock {
  /** whole lines (the last one may lack its LF only at the end of the stream); a view of a block
   * from the BlockBuffers, to be given back once scanned */
  bytes: Buffer;
  /** decompressed offset of bytes[0] */
  offset: number;
}

/**
 * Decompress a .gz file and cut it, after its first `dataStart` bytes (the header), into blocks of
 * about `blockBytes` that end at a line end, so that any worker can scan any block. Inflated bytes
 * are copied once, straight into a pooled block; only the partial line at a cut moves on to the
 * next block. A line longer than a pooled block gets a one-off bigger block. zlib inflates ahead on
 * the thread pool while workers scan earlier blocks. `onCompressed` reports compressed bytes read.
 */
export async function* gzipBlocks(
  path: string,
  dataStart: number,
  blockBytes: number,
  buffers: BlockBuffers,
  onCompressed: (bytes: number) => void,
): AsyncGenerator<GzipBlock> {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  // zlib passes stream options through: a block's worth of output is inflated ahead
  const gunzip = createGunzip({
    chunkSize: 256 * 1024,
    readableHighWaterMark: Math.max(blockBytes, 1 << 16),
  } as ZlibOptions);
  let rawError: unknown = null;
  raw.on('data', (c) => onCompressed(c.length));
  raw.on('error', (e) => {
    rawError = e;
    gunzip.destroy(e);
  });
  raw.pipe(gunzip);
  let block = buffers.take();
  let fill = 0;
  let offset = dataStart;
  let toSkip = dataStart;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let at = Math.min(toSkip, chunk.length);
      toSkip -= at;
      while (at < chunk.length) {
        if (fill === block.length) {
          // no LF in the whole block: one line is longer than the slack
          const grown = buffers.take(2 * block.length);
          block.copy(grown, 0, 0, fill);
          buffers.give(block);
          block = grown;
        }
        const n = chunk.copy(block, fill, at, Math.min(chunk.length, at + block.length - fill));
        at += n;
        fill += n;
        while (fill >= blockBytes) {
          const cut = lineCut(block, fill, blockBytes);
          if (cut === 0) break;
          const next = buffers.take(fill - cut);
          block.copy(next, 0, cut, fill);
          yield { bytes: block.subarray(0, cut), offset };
          offset += cut;
          fill -= cut;
          block = next;
        }
      }
    }
  } catch (e) {
    if (rawError !== null) throw errors.inputUnreadable(path, rawError);
    throw errors.truncatedGzip(path, e instanceof Error ? e.message : String(e));
  } finally {
    // also when the consumer stops early: the file is not left open
    raw.destroy();
  }
  if (fill > 0) yield { bytes: block.subarray(0, fill), offset };
  else buffers.give(block);
}

/** End (exclusive) of the last line ending before `blockBytes`, else of the first line ending
 * after it within block[0, fill); 0 when block[0, fill) holds no LF. */
function lineCut(block: Buffer, fill: number, blockBytes: number): number {
  const cut = block.lastIndexOf(LF, blockBytes - 1) + 1;
  return cut > 0 ? cut : block.subarray(0, fill).indexOf(LF, blockBytes) + 1;
}
