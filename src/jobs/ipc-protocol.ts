/** Messages between the embedded runner and its worker processes (JSON over the fork IPC channel). */

export type ParentMessage =
  | { type: 'init'; processorPath: string; context: unknown }
  | { type: 'job'; id: string; payload: unknown };

/** durationMs: the processor's own time, without the process start and module load a first job waits for */
export type ChildMessage =
  | { type: 'done'; id: string; ok: true; result: unknown; durationMs: number; peakRssBytes: number }
  | { type: 'done'; id: string; ok: false; error: string; durationMs: number; peakRssBytes: number };
