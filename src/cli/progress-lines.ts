/**
 * Progress for logs and pipes (not a TTY): a plain line per phase at most every `intervalMs`, and a
 * final line when the phase ends, so a CI log or `2> run.log` stays short and readable.
 */
import type { JobCounts, ProgressSink } from '../model/progress.js';
import type { ScanProgress } from '../store/types.js';
import { formatBytes, formatDuration, RateMeter } from './progress-format.js';

interface ScanPhase {
  files: Map<string, { done: number; total: number }>;
  meter: RateMeter;
  lastLineMs: number;
  finished: boolean;
}

interface JobPhase {
  meter: RateMeter;
  lastLineMs: number;
  last: JobCounts;
  finished: boolean;
}

export class LineProgress implements ProgressSink {
  private readonly scans = new Map<string, ScanPhase>();
  private jobPhase: JobPhase | null = null;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {}

  scan(p: ScanProgress): void {
    const t = this.now();
    let phase = this.scans.get(p.phase);
    if (!phase) {
      phase = { files: new Map(), meter: new RateMeter(t, 0), lastLineMs: t, finished: false };
      this.scans.set(p.phase, phase);
    }
    phase.files.set(p.file, { done: p.bytesDone, total: p.bytesTotal });
    if (t - phase.lastLineMs < this.intervalMs) return;
    phase.lastLineMs = t;
    const { done, total } = sumFiles(phase);
    const pct = total > 0 ? ((done / total) * 100).toFixed(1) : '0.0';
    const rate = phase.meter.rate(t, done);
    const eta = phase.meter.etaSeconds(t, done, total);
    this.line(
      `[scan ${p.phase}] ${formatBytes(done)} / ${formatBytes(total)} (${pct}%), ${formatBytes(rate)}/s, ETA ${formatDuration(eta)}`,
    );
  }

  scanDone(phaseName: ScanProgress['phase']): void {
    const phase = this.scans.get(phaseName);
    if (!phase) {
      this.line(`[scan ${phaseName}] done`);
      return;
    }
    if (phase.finished) return;
    phase.finished = true;
    const t = this.now();
    const { total } = sumFiles(phase);
    const seconds = phase.meter.elapsedSeconds(t);
    const rate = seconds > 0 ? `, ${formatBytes(total / seconds)}/s` : '';
    const files = phase.files.size === 1 ? '1 file' : `${phase.files.size} files`;
    this.line(
      `[scan ${phaseName}] done: ${formatBytes(total)} in ${formatDuration(seconds)}${rate} (${files})`,
    );
  }

  jobs(counts: JobCounts): void {
    const t = this.now();
    const finishedNow = counts.done + counts.failed;
    if (!this.jobPhase) {
      // skipped jobs are settled at once; the rate counts only jobs that ran
      this.jobPhase = { meter: new RateMeter(t, finishedNow), lastLineMs: t, last: counts, finished: false };
    }
    const phase = this.jobPhase;
    phase.last = counts;
    if (counts.done + counts.failed + counts.skipped >= counts.total) {
      this.finishJobs();
      return;
    }
    if (t - phase.lastLineMs < this.intervalMs) return;
    phase.lastLineMs = t;
    const rate = phase.meter.rate(t, finishedNow);
    const eta = phase.meter.etaSeconds(t, finishedNow, counts.total - counts.skipped);
    this.line(
      `[jobs] ${finishedNow + counts.skipped}/${counts.total} (${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped), ${rate.toFixed(1)} jobs/s, ETA ${formatDuration(eta)}`,
    );
  }

  note(message: string): void {
    this.line(message);
  }

  close(): void {
    this.finishJobs();
  }

  private finishJobs(): void {
    const phase = this.jobPhase;
    if (!phase || phase.finished) return;
    phase.finished = true;
    const c = phase.last;
    const seconds = phase.meter.elapsedSeconds(this.now());
    this.line(
      `[jobs] finished: ${c.done} done, ${c.failed} failed, ${c.skipped} skipped of ${c.total} in ${formatDuration(seconds)}`,
    );
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

function sumFiles(phase: ScanPhase): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const f of phase.files.values()) {
    done += f.done;
    total += f.total;
  }
  return { done, total };
}
