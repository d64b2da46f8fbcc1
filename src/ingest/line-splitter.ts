/**
 * Cuts a byte stream into LF-terminated lines in one reusable buffer (passed in, so a worker keeps
 * one for all its scans). Bytes are written straight
 * into the buffer (readSync or a copied gunzip chunk), complete lines go to a LineSink, and only
 * the partial line at the end is carried (moved to the front) for the next write. The buffer grows
 * only when one line is longer than it; a line longer than `maxLineBytes` is rejected and skipped
 * up to its LF, so memory stays bounded whatever the input.
 *
 * Ownership of a byte range (SPEC: a worker owns the lines that START in its range): with
 * `skipFirst`, the stream starts one byte before the range and everything up to and including the
 * first LF is skipped; lines starting at or after `ownedEnd` are not delivered.
 */

import { wordViewOf } from './word-scan.js';

export interface LineSink {
  /**
   * One line buf[s, e) without its LF and without a CR right before the LF. `offset` is the
   * absolute stream offset of buf[s]; `index` counts the lines delivered before it (blank lines
   * included) so line numbers can be fixed up later. `view` is a DataView of all of `buf`, for
   * reading it a word at a time: made by the splitter when its buffer changes, so the per-line
   * code has no "is this a new buffer?" branch that only a task's first line takes (V8 compiles
   * such a branch without type feedback, and taking it later throws the optimised decoder away:
   * on the 1x .gz bench set the generated decoders were compiled 16 times per ingest with that
   * branch, 12 without).
   */
  line(buf: Buffer, s: number, e: number, offset: number, index: number, view: DataView): void;
  /** A line too long to buffer; `head` is its beginning. */
  overlong(head: Buffer, offset: number, index: number): void;
}

const LF = 10;
const CR = 13;

export class LineSplitter {
  private buf: Buffer;
  private view: DataView;
  /** absolute stream offset of buf[0] */
  private base: number;
  private len = 0;
  private cur = 0;
  private skipping: boolean;
  private discarding = false;
  private lines = 0;
  private done = false;

  constructor(
    private readonly sink: LineSink,
    buffer: Buffer,
    startOffset: number,
    skipFirst: boolean,
    private readonly ownedEnd: number,
    private readonly maxLineBytes: number,
  ) {
    this.buf = buffer;
    this.view = wordViewOf(buffer);
    this.base = startOffset;
    this.skipping = skipFirst;
  }

  /** Lines owned so far (the count for line-number fix-up). */
  get lineCount(): number {
    return this.lines;
  }

  /** The (possibly grown) buffer, for reuse by the next scan. */
  get buffer(): Buffer {
    return this.buf;
  }

  /** True once every owned line has been delivered: the caller can stop reading. */
  get finished(): boolean {
    return this.done;
  }

  /** Room for at least `n` bytes at writeAt; returns the buffer to write into. */
  reserve(n: number): Buffer {
    if (this.cur > 0) {
      this.buf.copyWithin(0, this.cur, this.len);
      this.base += this.cur;
      this.len -= this.cur;
      this.cur = 0;
    }
    if (this.buf.length - this.len < n) {
      if (this.len >= this.maxLineBytes) this.dropOverlong();
      if (this.buf.length - this.len < n) {
        const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
        this.buf.copy(grown, 0, 0, this.len);
        this.buf = grown;
        this.view = wordViewOf(grown);
      }
    }
    return this.buf;
  }

  /** Index in the reserved buffer where the next bytes go. */
  get writeAt(): number {
    return this.len;
  }

  /** Free bytes after writeAt without growing. */
  get room(): number {
    return this.buf.length - this.len;
  }

  /** `n` bytes were written at writeAt; deliver the complete lines. */
  commit(n: number): void {
    this.len += n;
    const buf = this.buf;
    const view = this.len === buf.length ? buf : buf.subarray(0, this.len);
    while (!this.done) {
      const lf = view.indexOf(LF, this.cur);
      if (lf < 0) break;
      if (this.skipping || this.discarding) {
        if (this.discarding) this.lines++;
        this.skipping = this.discarding = false;
        this.cur = lf + 1;
        continue;
      }
      const offset = this.base + this.cur;
      if (offset >= this.ownedEnd) {
        this.done = true;
        break;
      }
      const e = lf > this.cur && buf[lf - 1] === CR ? lf - 1 : lf;
      this.sink.line(buf, this.cur, e, offset, this.lines++, this.view);
      this.cur = lf + 1;
    }
    if (!this.done && this.base + this.cur >= this.ownedEnd && !this.skipping) this.done = true;
  }

  /** End of stream: deliver a last line that has no LF. */
  end(): void {
    if (this.done || this.skipping || this.discarding) return;
    this.done = true;
    if (this.cur >= this.len || this.base + this.cur >= this.ownedEnd) return;
    const e = this.buf[this.len - 1] === CR ? this.len - 1 : this.len;
    this.sink.line(this.buf, this.cur, e, this.base + this.cur, this.lines++, this.view);
    this.cur = this.len;
  }

  private dropOverlong(): void {
    const offset = this.base + this.cur;
    if (!this.skipping && !this.discarding) {
      if (offset >= this.ownedEnd) {
        this.done = true;
      } else {
        this.sink.overlong(
          this.buf.subarray(this.cur, Math.min(this.len, this.cur + 200)),
          offset,
          this.lines,
        );
        this.discarding = true;
      }
    }
    this.base += this.len;
    this.len = 0;
    this.cur = 0;
  }
}
