/**
 * Collects one file's CSV lines straight into fixed-size byte chunks, field by field. Formatting
 * numbers into bytes directly avoids building a string per row, whose flattening, copying and
 * garbage cost more than the formatting itself. Generated text is ASCII.
 */
const CHUNK_BYTES = 1 << 20;
/** upper bound on one generated line; `begin` keeps that much room */
const MAX_LINE_BYTES = 1024;
const COMMA = 44;
const LF = 10;
const ZERO = 48;
const MINUS = 45;

export class RowBuffer {
  /** full chunks waiting for the writer */
  readonly ready: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private len = 0;
  /** where the line being built starts */
  private lineStart = 0;
  /** the last line built field by field: [start, end) in `buf`, end = 0 when it is in a sealed chunk */
  private lastStart = 0;
  private lastEnd = 0;
  private sealedLastLine = '';

  /** Starts a line (of at most MAX_LINE_BYTES). */
  begin(): void {
    if (this.len + MAX_LINE_BYTES > this.buf.length) this.seal();
    this.lineStart = this.len;
  }

  /** Ends the line with LF. */
  end(): void {
    this.lastStart = this.lineStart;
    this.lastEnd = this.len;
    this.buf[this.len++] = LF;
  }

  comma(): void {
    this.buf[this.len++] = COMMA;
  }

  /** ASCII text */
  text(s: string): void {
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < s.length; i++) buf[len++] = s.charCodeAt(i);
    this.len = len;
  }

  /** an integer (exact up to 2^53) in decimal */
  int(value: number): void {
    const buf = this.buf;
    let n = value;
    if (n < 0) {
      buf[this.len++] = MINUS;
      n = -n;
    }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    let pos = this.len + digits;
    this.len = pos;
    if (n < 2147483648) {
      while (n >= 10) {
        const q = (n / 10) | 0;
        buf[--pos] = ZERO + (n - q * 10);
        n = q;
      }
    } else {
      while (n >= 10) {
        const q = Math.floor(n / 10);
        buf[--pos] = ZERO + (n - q * 10);
        n = q;
      }
    }
    buf[--pos] = ZERO + n;
  }

  /** 0 <= value < 1e9, zero-padded to 9 digits (the nanoseconds of a timestamp) */
  nine(value: number): void {
    const buf = this.buf;
    let n = value;
    for (let pos = this.len + 8; pos >= this.len; pos--) {
      const q = (n / 10) | 0;
      buf[pos] = ZERO + (n - q * 10);
      n = q;
    }
    this.len += 9;
  }

  /** a whole line of text, without LF; `lastLine` keeps pointing at the last line built field by field */
  line(s: string): void {
    if (this.len + s.length + 1 > this.buf.length) this.seal();
    this.text(s);
    this.buf[this.len++] = LF;
  }

  /** the last line built with begin/end, without LF; '' before the first */
  lastLine(): string {
    if (this.lastEnd === 0) return this.sealedLastLine;
    return this.buf.toString('latin1', this.lastStart, this.lastEnd);
  }

  /** Moves the partial chunk to `ready` (end of output). */
  flush(): void {
    if (this.len > 0) this.seal();
  }

  /** Hands out everything ready, oldest first. */
  take(): Buffer[] {
    return this.ready.splice(0, this.ready.length);
  }

  private seal(): void {
    this.sealedLastLine = this.lastLine();
    if (this.len > 0) this.ready.push(this.buf.subarray(0, this.len));
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.len = 0;
    this.lineStart = 0;
    this.lastStart = 0;
    this.lastEnd = 0;
  }
}
