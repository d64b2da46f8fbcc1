/**
 * What long-running stages report, and what the CLI renders (bars on a TTY, plain periodic lines
 * otherwise). Stages call it; they never print.
 */
import type { ScanProgress } from '../store/types.js';

export interface JobCounts {
  total: number;
  done: number;
  failed: number;
  skipped: number;
}

export interface ProgressSink {
  /** bytes scanned of one input file (called often; the sink throttles) */
  scan(p: ScanProgress): void;
  /** a scan phase finished */
  scanDone(phase: ScanProgress['phase']): void;
  /** job counts changed */
  jobs(counts: JobCounts): void;
  /** a line for the user (warnings, "reusing partition store ...") */
  note(message: string): void;
  /** stop rendering (called once at the end, also on failure) */
  close(): void;
}

export const silentProgress: ProgressSink = {
  scan() {},
  scanDone() {},
  jobs() {},
  note() {},
  close() {},
};
