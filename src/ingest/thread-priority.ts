/**
 * Lets the scan workers give way to zlib while .gz input is inflating.
 *
 * A gzip stream inflates on one thread-pool thread at a time; with one scan worker per core the
 * inflater, both workers and the main thread share two cores, so the inflater got about two
 * thirds of a core and the whole ingest ran at that pace (measured: the inflate calls of a 1.2 GB
 * ingest took 2.9 s of wall time against 2.4 s alone). With the workers at a lower priority the
 * scheduler runs the inflater (and the main thread, which feeds it) whenever they are runnable, and
 * the workers take every cycle those leave: orders phase 2.1 -> 1.9 s on that data set.
 *
 * Linux only: there a thread's nice value is its own (setpriority on a thread id), and
 * /proc/thread-self names the calling thread. Elsewhere setPriority(pid) would change the whole
 * process, so nothing is done. Raising priority back needs privileges, so this is called once, at
 * worker start, and only when the ingest has .gz input.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much lower than normal the scan workers run while .gz input inflates. */
export const SCAN_WORKER_NICENESS = 10;

/** The calling thread's kernel thread id, or null where threads have no id of their own to renice. */
export function currentThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lower the calling thread's priority by `niceness`; false when this platform cannot do it. */
export function lowerThreadPriority(niceness: number): boolean {
  const tid = currentThreadId();
  if (tid === null) return false;
  try {
    // relative to what the thread has (a run under `nice` keeps its offset), capped at 19
    setPriority(tid, Math.min(19, getPriority(tid) + niceness));
    return true;
  } catch {
    // a container may forbid it: run at normal priority
    return false;
  }
}
