/** The CLI's ProgressSink: bars on a terminal, periodic plain lines otherwise, both on stderr. */
import type { ProgressSink } from '../model/progress.js';
import { BarProgress } from './progress-bars.js';
import { LineProgress } from './progress-lines.js';

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** force bars (true) or lines (false); default: whether the stream is a TTY */
  tty?: boolean;
  /** clock in ms, for tests */
  now?: () => number;
  /** least time between two plain lines of one phase */
  intervalMs?: number;
}

export function createProgress(opts: ProgressOptions = {}): ProgressSink {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const tty = opts.tty ?? Boolean(stream.isTTY);
  return tty ? new BarProgress(stream, now) : new LineProgress(stream, now, opts.intervalMs ?? 2000);
}
