/**
 * Progress on a terminal: cli-progress bars, one per input file while scanning (bytes, MB/s, ETA)
 * and one for the partition jobs (done/failed/total, jobs/s, ETA). Notes print above the bars.
 */
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { JobCounts, ProgressSink } from '../model/progress.js';
import type { ScanProgress } from '../store/types.js';
import { formatBytes, formatDuration, RateMeter } from './progress-format.js';

const LABEL_WIDTH = 28;

function label(text: string): string {
  return text.length > LABEL_WIDTH ? `…${text.slice(-(LABEL_WIDTH - 1))}` : text.padEnd(LABEL_WIDTH);
}

/** "-" until time has passed: a file that finished within one report has no meaningful rate */
function byteRate(meter: RateMeter, nowMs: number, bytes: number): string {
  return meter.elapsedSeconds(nowMs) > 0 ? `${formatBytes(meter.rate(nowMs, bytes))}/s` : '-';
}

interface FileBar {
  bar: cliProgress.SingleBar;
  meter: RateMeter;
  phase: ScanProgress['phase'];
  total: number;
}

export class BarProgress implements ProgressSink {
  private readonly multibar: cliProgress.MultiBar;
  private readonly files = new Map<string, FileBar>();
  private readonly phaseStartMs = new Map<ScanProgress['phase'], number>();
  private jobBar: { bar: cliProgress.SingleBar; meter: RateMeter } | null = null;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly now: () => number,
  ) {
    this.multibar = new cliProgress.MultiBar({
      stream,
      format: '{label} |{bar}| {percentage}% {progress} {speed} ETA {remaining}',
      // a hidden cursor would stay hidden after Ctrl-C (cli-progress restores it only on stop())
      hideCursor: false,
      clearOnComplete: false,
      barsize: 24,
      autopadding: true,
    });
  }

  scan(p: ScanProgress): void {
    const t = this.now();
    let file = this.files.get(p.file);
    if (!file) {
      const bar = this.multibar.create(p.bytesTotal, 0, {
        label: label(`${p.phase}: ${path.basename(p.file)}`),
      });
      // a file's first report already counts a chunk or more: measure from its phase's start
      const phaseStart = this.phaseStartMs.get(p.phase) ?? t;
      this.phaseStartMs.set(p.phase, phaseStart);
      file = { bar, meter: new RateMeter(phaseStart, 0), phase: p.phase, total: p.bytesTotal };
      this.files.set(p.file, file);
    }
    file.total = p.bytesTotal;
    file.bar.setTotal(p.bytesTotal);
    file.bar.update(p.bytesDone, {
      progress: `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}`,
      speed: byteRate(file.meter, t, p.bytesDone),
      remaining: formatDuration(file.meter.etaSeconds(t, p.bytesDone, p.bytesTotal)),
    });
  }

  scanDone(phase: ScanProgress['phase']): void {
    const t = this.now();
    for (const file of this.files.values()) {
      if (file.phase !== phase) continue;
      file.bar.update(file.total, {
        progress: formatBytes(file.total),
        speed: byteRate(file.meter, t, file.total),
        remaining: '0s',
      });
    }
  }

  jobs(counts: JobCounts): void {
    const t = this.now();
    const ran = counts.done + counts.failed;
    if (!this.jobBar) {
      const bar = this.multibar.create(counts.total, 0, { label: label('jobs') });
      this.jobBar = { bar, meter: new RateMeter(t, ran) };
    }
    const { bar, meter } = this.jobBar;
    bar.setTotal(counts.total);
    bar.update(ran + counts.skipped, {
      progress: `${ran + counts.skipped}/${counts.total} (${counts.failed} failed, ${counts.skipped} skipped)`,
      speed: `${meter.rate(t, ran).toFixed(1)} jobs/s`,
      remaining: formatDuration(meter.etaSeconds(t, ran, counts.total - counts.skipped)),
    });
  }

  note(message: string): void {
    // before the first bar the multibar is not drawing, and would hold the note back
    if (this.hasBars()) this.multibar.log(`${message}\n`);
    else this.stream.write(`${message}\n`);
  }

  close(): void {
    if (!this.hasBars()) return;
    // a last redraw flushes notes still buffered for the next frame; stop() alone would drop them
    this.multibar.update();
    this.multibar.stop();
  }

  private hasBars(): boolean {
    return this.files.size > 0 || this.jobBar !== null;
  }
}
