/**
 * The job-runner contract. The pipeline only talks to this interface, so the embedded backend
 * (child processes on this machine) and a distributed one (a queue shared by many machines) are
 * interchangeable. A job is one partition; its payload and result are plain JSON so they can
 * cross a process or network boundary.
 */

export interface JobSpec {
  /** unique within one run; the partition key ("YYYY-MM-DD/<security_code>") for partition jobs */
  id: string;
  /** JSON-serialisable input handed to the processor */
  payload: unknown;
}

export type JobStatus = 'succeeded' | 'failed';

export interface JobOutcome {
  id: string;
  status: JobStatus;
  /** attempts made, the successful one included (1 = no retry) */
  attempts: number;
  /** the last attempt's error when failed */
  error?: string;
  /**
   * Time of the last attempt: the processor's own time when it returned or threw (a new
   * process's start-up is not the job's), the wall time when its process was killed or died.
   */
  durationMs: number;
  /**
   * Peak resident set size of the process that ran the last attempt, over that process's life so
   * far (an OS high-water mark cannot be reset per job). Absent when the process died.
   */
  peakRssBytes?: number;
  /** the processor's JSON result when succeeded */
  result?: unknown;
}

export interface JobHooks {
  /** an attempt starts (attempt counts from 1) */
  onStart?(id: string, attempt: number): void;
  /** a job reached its final status */
  onDone?(outcome: JobOutcome): void;
  /** an attempt failed and the job will run again after delayMs */
  onRetry?(id: string, attempt: number, error: string, delayMs: number): void;
}

export interface JobRunner {
  /**
   * Runs every job to a final status and resolves with one outcome per job, in the order of
   * `jobs` whatever order they finished in. Never rejects because a job failed; a job's failure
   * is its outcome.
   */
  run(jobs: readonly JobSpec[], hooks?: JobHooks): Promise<JobOutcome[]>;
  /** releases workers; the runner is unusable afterwards */
  close(): Promise<void>;
}

/**
 * What a processor module (loaded by path in each worker process) exports. `context` is the
 * runner-wide value given once per process (e.g. the config), so payloads stay small.
 */
export interface ProcessorModule {
  processJob(payload: unknown, context: unknown): unknown | Promise<unknown>;
}
