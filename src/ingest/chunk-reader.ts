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
 * Reusable block memory: blocks travel to a worker and back (transferred, never copied), so the
 * decompressed data in flight stays a few blocks instead of waiting for each thread's GC.
 */
export class BlockBuffers {
  private readonly free: ArrayBuffer[] = [];

  constructor(private readonly capacity: number) {}

  /** `bytes` bytes backed by a pooled ArrayBuffer (a fresh one when none is free or big enough). */
  take(bytes: number): Buffer {
    const ab = this.free.pop();
    if (ab && ab.byteLength >= bytes) return Buffer.from(ab, 0, bytes);
    return Buffer.from(new ArrayBuffer(Math.max(this.capacity, bytes)), 0, bytes);
  }

  give(block: Uint8Array): void {
    if (block.buffer.byteLength >= this.capacity) this.free.push(block.buffer as ArrayBuffer);
  }
}

export interface GzipBlock {
  /** whole lines (the last one may lack its LF only at the end of the stream); owns its memory */
  bytes: Buffer;
  /** decompressed offset of bytes[0] */
  offset: number;
}

/**
 * Decompress a .gz file and cut it, after its first `dataStart` bytes (the header), into blocks of
 * about `blockBytes` that end at a line end, so that any worker can scan any block. Each block
 * owns a fresh ArrayBuffer so it can be transferred. zlib inflates ahead on the thread pool while
 * workers scan earlier blocks. `onCompressed` reports compressed bytes read.
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
  let block = Buffer.allocUnsafeSlow(2 * blockBytes);
  let fill = 0;
  let offset = dataStart;
  let toSkip = dataStart;
  try {
    for await (let chunk of gunzip as AsyncIterable<Buffer>) {
      if (toSkip > 0) {
        const skip = Math.min(toSkip, chunk.length);
        toSkip -= skip;
        chunk = chunk.subarray(skip);
      }
      if (fill + chunk.length > block.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(block.length * 2, fill + chunk.length));
        block.copy(grown, 0, 0, fill);
        block = grown;
      }
      chunk.copy(block, fill);
      fill += chunk.length;
      while (fill >= blockBytes) {
        let cut = block.subarray(0, blockBytes).lastIndexOf(10) + 1;
        if (cut === 0) cut = block.subarray(0, fill).indexOf(10, blockBytes) + 1;
        if (cut === 0) break;
        const bytes = buffers.take(cut);
        block.copy(bytes, 0, 0, cut);
        block.copyWithin(0, cut, fill);
        fill -= cut;
        yield { bytes, offset };
        offset += cut;
      }
    }
  } catch (e) {
    raw.destroy();
    if (rawError !== null) throw errors.inputUnreadable(path, rawError);
    throw errors.truncatedGzip(path, e instanceof Error ? e.message : String(e));
  }
  if (fill > 0) {
    const bytes = buffers.take(fill);
    block.copy(bytes, 0, 0, fill);
    yield { bytes, offset };
  }
}
