/**
 * The embedded backend: a pool of child processes on this machine. Processes rather than threads,
 * so that a job that crashes, hangs or exhausts its heap takes down only its own process; the pool
 * marks that job's attempt failed, replaces the process and carries on. Processes are reused across
 * jobs because per-partition overhead dominates with thousands of small partitions.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './ipc-protocol.js';
import type { JobHooks, JobOutcome, JobRunner, JobSpec } from './runner.js';

export interface EmbeddedRunnerOptions {
  /** absolute path (or file: URL) of the module exporting processJob(payload, context) */
  processorPath: string;
  /** handed to processJob with every job; sent once per process */
  context?: unknown;
  /** pool size, at least 1 */
  maxWorkers: number;
  /** an attempt still running after this is killed (SIGKILL) and counts as failed */
  timeoutMs: number;
  /** further attempts after a failed one (0 = none) */
  retries: number;
  /** V8 old-space limit of each worker process */
  memoryMb: number;
  /** delay before the first retry; it doubles with each further retry */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

const WORKER_ENTRY = fileURLToPath(new URL('./job-process.js', import.meta.url));
const STDERR_TAIL_BYTES = 8192;

interface Attempt {
  index: number;
  spec: JobSpec;
  attempt: number;
}

interface InFlight extends Attempt {
  startedAt: number;
  timer: NodeJS.Timeout;
}

interface Worker {
  child: ChildProcess;
  current: InFlight | null;
  /** the end of what the process wrote to stderr: explains a crash or an out-of-memory death */
  stderrTail: string;
  /** removed from the pool (killed or exited); late events from it are ignored */
  gone: boolean;
}

/** Delay before attempt `failedAttempt + 1`: base, 2·base, 4·base, ... capped. */
export function backoffDelayMs(failedAttempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (failedAttempt - 1));
}

/** Why a worker process ended while running a job, in words for run.json. */
export function describeDeath(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
  memoryMb: number,
): string {
  const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
  const fatal = stderrTail.split('\n').find((line) => line.includes('FATAL ERROR'));
  if (/heap out of memory|Reached heap limit/.test(stderrTail)) {
    return `worker process ran out of memory (memory_mb ${memoryMb}; ${how})${fatal ? `: ${fatal.trim()}` : ''}`;
  }
  const lastLine = stderrTail.trim().split('\n').pop()?.trim();
  return `worker process died (${how})${lastLine ? `: ${lastLine}` : ''}`;
}

/** The bookkeeping of one run() call; workers outlive it and report to whichever run is active. */
interface RunState {
  hooks: JobHooks;
  queue: Attempt[];
  next: number;
  remaining: number;
  outcomes: JobOutcome[];
  resolve(outcomes: JobOutcome[]): void;
}

export class EmbeddedRunner implements JobRunner {
  private readonly opts: Required<Omit<EmbeddedRunnerOptions, 'context'>> & { context: unknown };
  private readonly workers: Worker[] = [];
  private active: RunState | null = null;
  private closed = false;

  constructor(options: EmbeddedRunnerOptions) {
    if (!(options.maxWorkers >= 1)) throw new Error(`maxWorkers must be >= 1, got ${options.maxWorkers}`);
    this.opts = { backoffBaseMs: 1000, backoffMaxMs: 30_000, context: null, ...options };
  }

  run(jobs: readonly JobSpec[], hooks: JobHooks = {}): Promise<JobOutcome[]> {
    if (this.closed) return Promise.reject(new Error('runner is closed'));
    if (this.active !== null) return Promise.reject(new Error('runner is already running a batch'));
    if (jobs.length === 0) return Promise.resolve([]);
    return new Promise<JobOutcome[]>((resolve) => {
      this.active = {
        hooks,
        queue: jobs.map((spec, index) => ({ index, spec, attempt: 1 })),
        next: 0,
        remaining: jobs.length,
        outcomes: new Array(jobs.length),
        resolve,
      };
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const exits = this.workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
          w.child.once('exit', () => resolve());
          if (w.child.connected) w.child.disconnect();
          else w.child.kill('SIGKILL');
        }),
    );
    for (const w of this.workers) w.gone = true;
    this.workers.length = 0;
    await Promise.all(exits);
  }

  private pump(): void {
    const run = this.active;
    if (run === null) return;
    while (run.next < run.queue.length) {
      const w = this.idleWorker();
      if (w === null) return;
      const a = run.queue[run.next++];
      w.current = {
        ...a,
        startedAt: performance.now(),
        timer: setTimeout(() => this.onTimeout(w), this.opts.timeoutMs),
      };
      run.hooks.onStart?.(a.spec.id, a.attempt);
      this.send(w, { type: 'job', id: a.spec.id, payload: a.spec.payload });
    }
  }

  private idleWorker(): Worker | null {
    for (const w of this.workers) if (w.current === null) return w;
    return this.workers.length < this.opts.maxWorkers ? this.spawn() : null;
  }

  private finish(outcome: JobOutcome, index: number): void {
    const run = this.active;
    if (run === null) return;
    run.outcomes[index] = outcome;
    run.hooks.onDone?.(outcome);
    run.remaining -= 1;
    if (run.remaining === 0) {
      this.active = null;
      run.resolve(run.outcomes);
    }
  }

  private attemptFailed(a: Attempt, error: string, durationMs: number, peakRssBytes?: number): void {
    const run = this.active;
    if (run === null) return;
    if (a.attempt <= this.opts.retries) {
      const delay = backoffDelayMs(a.attempt, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
      run.hooks.onRetry?.(a.spec.id, a.attempt, error, delay);
      setTimeout(() => {
        run.queue.push({ ...a, attempt: a.attempt + 1 });
        this.pump();
      }, delay);
    } else {
      const outcome: JobOutcome = { id: a.spec.id, status: 'failed', attempts: a.attempt, error, durationMs };
      if (peakRssBytes !== undefined) outcome.peakRssBytes = peakRssBytes;
      this.finish(outcome, a.index);
    }
  }

  private onMessage(w: Worker, message: ChildMessage): void {
    const job = w.current;
    if (w.gone || job === null || message.id !== job.spec.id) return;
    clearTimeout(job.timer);
    w.current = null;
    const durationMs = message.durationMs;
    if (message.ok) {
      const outcome: JobOutcome = {
        id: job.spec.id,
        status: 'succeeded',
        attempts: job.attempt,
        durationMs,
        peakRssBytes: message.peakRssBytes,
        result: message.result,
      };
      this.finish(outcome, job.index);
    } else {
      this.attemptFailed(job, message.error, durationMs, message.peakRssBytes);
    }
    this.pump();
  }

  private onClose(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (w.gone) return;
    this.remove(w);
    const job = w.current;
    if (job !== null) {
      clearTimeout(job.timer);
      w.current = null;
      const error = describeDeath(code, signal, w.stderrTail, this.opts.memoryMb);
      this.attemptFailed(job, error, performance.now() - job.startedAt);
    }
    this.pump();
  }

  private onTimeout(w: Worker): void {
    const job = w.current;
    if (w.gone || job === null) return;
    w.current = null;
    this.remove(w);
    w.child.kill('SIGKILL');
    const error = `timed out after ${this.opts.timeoutMs / 1000} s (process killed)`;
    this.attemptFailed(job, error, performance.now() - job.startedAt);
    this.pump();
  }

  private spawn(): Worker {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: [`--max-old-space-size=${this.opts.memoryMb}`],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const w: Worker = { child, current: null, stderrTail: '', gone: false };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      w.stderrTail = (w.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on('message', (m: ChildMessage) => this.onMessage(w, m));
    // 'close' comes after stderr is drained, so the tail can explain the death
    child.on('close', (code, signal) => this.onClose(w, code, signal));
    // a failed spawn or a broken channel; 'close' follows and fails the job
    child.on('error', () => {});
    this.workers.push(w);
    this.send(w, { type: 'init', processorPath: this.opts.processorPath, context: this.opts.context });
    return w;
  }

  private send(w: Worker, message: ParentMessage): void {
    // a process that died between jobs fails the send; its 'close' handler fails the job
    w.child.send(message, (err) => {
      if (err && !w.gone) w.child.kill('SIGKILL');
    });
  }

  private remove(w: Worker): void {
    w.gone = true;
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
  }
}
