import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';

/** fast compression: synthetic data is for throughput tests, and the level is fixed for determinism */
const GZIP_LEVEL = 1;
/** uncompressed bytes queued on the gzip stream before the writer waits */
const GZIP_BACKLOG_BYTES = 8 << 20;

/**
 * Appends formatted CSV chunks to a file, plain or gzip. Callers hand over large chunks (about 1 MB),
 * so a plain file costs one writeSync per chunk; gzip goes through a zlib stream with a bounded
 * backlog. Node writes gzip headers with mtime 0 and no name, and a fixed level keeps the
 * compressed bytes identical run to run.
 */
export class CsvFileWriter {
  readonly path: string;
  bytes = 0;
  private readonly fd: number | undefined;
  private readonly gzip: Gzip | undefined;
  /** settles when the gzip file is complete: undefined, or the error that stopped it */
  private readonly finished: Promise<unknown> | undefined;

  constructor(path: string, gzip: boolean) {
    this.path = path;
    if (gzip) {
      this.gzip = createGzip({ level: GZIP_LEVEL });
      this.finished = pipeline(this.gzip, createWriteStream(path)).then(
        () => undefined,
        (e: unknown) => e,
      );
    } else {
      this.fd = openSync(path, 'w');
    }
  }

  /** `bytes` counts uncompressed text, which is what sizes a benchmark run. The writer keeps `buf`. */
  async write(buf: Buffer): Promise<void> {
    if (buf.length === 0) return;
    this.bytes += buf.length;
    if (this.gzip) {
      if (this.gzip.destroyed) throw await this.failure();
      // let zlib (on the thread pool) work through a few chunks while the caller makes the next
      this.gzip.write(buf);
      if (this.gzip.writableLength >= GZIP_BACKLOG_BYTES) {
        await Promise.race([once(this.gzip, 'drain'), this.finished]);
        if (this.gzip.destroyed) throw await this.failure();
      }
    } else if (this.fd !== undefined) {
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd, buf, off);
    }
  }

  /** the error that stopped the gzip pipeline */
  private async failure(): Promise<unknown> {
    return (await this.finished) ?? new Error(`${this.path}: gzip stream closed early`);
  }

  async close(): Promise<void> {
    if (this.gzip) {
      this.gzip.end();
      const failure = await this.finished;
      if (failure !== undefined) throw failure;
    } else if (this.fd !== undefined) {
      closeSync(this.fd);
    }
  }
}
