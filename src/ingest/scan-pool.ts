/**
 * The pool of scan worker threads, driven phase by phase (orders, then nbbo, then trades). Tasks
 * go to whichever worker is idle; a phase ends when every task is done and every worker has
 * flushed its records. The first failure (a worker error, or an exception thrown by
 * a hook such as the max_rejects check) fails the phase; the caller then terminates the pool.
 */
import { Worker } from 'node:worker_threads';
import type { InputKind } from '../config/types.js';
import { errors, SweepscopeError } from '../errors.js';
import type { FromWorker, ScanTask, TaskResult, ToWorker, WorkerInit } from './scan-messages.js';
import type { UniverseKeyIndex } from './universe-key-spill.js';

/**
 * Tasks kept ready per worker. Two rather than one: in a .gz ingest the workers now and then are
 * all busy for tens of milliseconds (building a trading day's universe table, flushing a full
 * record buffer), and with one ready task each zlib then stopped inflating. Measured on the 1x .gz
 * bench set, 10 alternating pairs: ingest 5.53 -> 5.44 s (median), peak RSS +17 MiB (two more
 * blocks in flight).
 */
const READY_PER_WORKER = 2;

export interface PhaseHooks {
  onProgress(task: ScanTask, bytes: number): void;
  /** may throw to stop the ingest */
  onTaskDone(task: ScanTask, result: TaskResult): void;
}

type Listener = (msg: FromWorker) => void;

export class ScanPool {
  private readonly listeners: Listener[];
  private failure: ((e: unknown) => void) | null = null;

  private constructor(private readonly workers: Worker[]) {
    this.listeners = workers.map(() => () => {});
    workers.forEach((w, i) => {
      w.on('message', (msg: FromWorker) => {
        if (msg.type === 'error') this.failure?.(new SweepscopeError(msg.code, msg.message));
        else this.listeners[i](msg);
      });
      w.on('error', (e) => this.failure?.(errors.internal(`scan worker ${i} crashed: ${e.message}`)));
      w.on('exit', (code) => {
        if (code !== 0) this.failure?.(errors.internal(`scan worker ${i} exited with code ${code}`));
      });
    });
  }

  static start(inits: WorkerInit[]): ScanPool {
    const url = new URL('./scan-worker.js', import.meta.url);
    return new ScanPool(inits.map((init) => new Worker(url, { workerData: init })));
  }

  /**
   * Run one phase. Tasks are pulled from `source` whenever a worker is idle, so a source that
   * decompresses on the fly is throttled by the scan. A task's block (shared memory) is not copied.
   */
  runPhase(
    kind: InputKind,
    source: AsyncIterator<ScanTask>,
    shared: { universe: UniverseKeyIndex | null; partitions: Float64Array | null },
    hooks: PhaseHooks,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        this.failure = null;
        reject(e);
      };
      this.failure = fail;
      const running = new Map<number, ScanTask>();
      // Tasks are pulled ahead of need into `ready` so an idle worker gets one synchronously,
      // without waiting for the main thread to finish digesting other results, and so a source
      // that inflates keeps inflating while every worker is busy for a while (READY_PER_WORKER).
      const ready: ScanTask[] = [];
      const idle: number[] = this.workers.map((_, i) => i);
      let exhausted = false;
      let pulling = false;
      let ended = false;
      let flushed = 0;
      const send = (i: number, msg: ToWorker) => this.workers[i].postMessage(msg);
      const dispatch = (): void => {
        if (settled) return;
        while (idle.length > 0 && ready.length > 0) {
          const i = idle.shift()!;
          const task = ready.shift()!;
          running.set(task.taskId, task);
          send(i, { type: 'task', task });
        }
        if (exhausted && ready.length === 0 && running.size === 0 && !ended) {
          ended = true;
          for (let i = 0; i < this.workers.length; i++) send(i, { type: 'endPhase' });
        }
        if (!pulling && !exhausted && ready.length < READY_PER_WORKER * this.workers.length) {
          pulling = true;
          source.next().then((next) => {
            pulling = false;
            if (next.done) exhausted = true;
            else ready.push(next.value);
            dispatch();
          }, fail);
        }
      };
      this.workers.forEach((_, i) => {
        this.listeners[i] = (msg) => {
          if (settled) return;
          try {
            if (msg.type === 'progress') hooks.onProgress(running.get(msg.taskId)!, msg.bytes);
            else if (msg.type === 'taskDone') {
              const task = running.get(msg.result.taskId)!;
              running.delete(msg.result.taskId);
              // the worker gets its next task before the main thread digests this one's result
              idle.push(i);
              dispatch();
              hooks.onTaskDone(task, msg.result);
            } else if (msg.type === 'phaseDone') {
              if (++flushed === this.workers.length) {
                settled = true;
                this.failure = null;
                resolve();
              }
            }
          } catch (e) {
            fail(e);
          }
        };
        send(i, { type: 'phase', kind, universe: shared.universe, partitions: shared.partitions });
      });
      dispatch();
    });
  }

  /**
   * Close every worker's segment file (flushing it), then stop the threads. Segment descriptors
   * belong to the process, not the thread, so a worker must close them itself; one that does not
   * answer within `timeoutMs` (still inside a task after a failure) is terminated regardless.
   */
  async close(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.failure = null;
    await Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<void>((resolve) => {
            const timer = Number.isFinite(timeoutMs) ? setTimeout(resolve, timeoutMs) : null;
            this.listeners[i] = (msg) => {
              if (msg.type !== 'closed') return;
              if (timer) clearTimeout(timer);
              resolve();
            };
            w.postMessage({ type: 'close' } satisfies ToWorker);
          }),
      ),
    );
    await this.terminate();
  }

  async terminate(): Promise<void> {
    this.failure = null;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
