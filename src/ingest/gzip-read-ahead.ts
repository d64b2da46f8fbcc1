/**
 * Reads a compressed file front to back into two reused buffers: while the caller inflates one,
 * the next read runs on the thread pool, so a file that is not in the page cache costs
 * max(read, inflate) rather than their sum, and the main thread never blocks on the disk.
 */
import { closeSync, openSync, read } from 'node:fs';
import { errors } from '../errors.js';

/** A read's outcome; never a rejected promise, so a read nobody waits for cannot go unhandled. */
type ReadOutcome = { bytes: number; error: null } | { bytes: 0; error: unknown };

export class ReadAhead {
  private readonly buffers: [Buffer, Buffer];
  private readonly fd: number;
  /** the buffer `pending` reads into */
  private current = 0;
  private position = 0;
  private pending: Promise<ReadOutcome> | null;
  private closed = false;

  /** Opens `path` (errors.inputUnreadable naming it) and starts reading its first bytes. */
  constructor(
    private readonly path: string,
    readBytes: number,
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw errors.inputUnreadable(path, e);
    }
    this.buffers = [Buffer.allocUnsafeSlow(readBytes), Buffer.allocUnsafeSlow(readBytes)];
    this.pending = this.readInto(0);
  }

  /**
   * The next bytes of the file, empty at its end. The view stays valid until the call after
   * next: the read ahead goes into the buffer returned by the previous call.
   */
  async next(): Promise<Buffer> {
    if (this.pending === null) return this.buffers[this.current].subarray(0, 0);
    const outcome = await this.pending;
    this.pending = null;
    if (outcome.error !== null) throw errors.inputUnreadable(this.path, outcome.error);
    const got = this.buffers[this.current].subarray(0, outcome.bytes);
    if (outcome.bytes > 0) {
      this.position += outcome.bytes;
      this.current = 1 - this.current;
      this.pending = this.readInto(this.current);
    }
    return got;
  }

  /** Close the file once no read is in flight (a read into a closed, reused fd would be wrong). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pending;
    this.pending = null;
    closeSync(this.fd);
  }

  private readInto(which: number): Promise<ReadOutcome> {
    const buffer = this.buffers[which];
    return new Promise((resolve) =>
      read(this.fd, buffer, 0, buffer.length, this.position, (error, bytes) =>
        resolve(error ? { bytes: 0, error } : { bytes, error: null }),
      ),
    );
  }
}
