/**
 * Entry point of an embedded-runner worker process. It loads one processor module (by path, given
 * in the first message) and then runs the jobs it is sent, one at a time, answering each over IPC.
 * The process is reused across jobs, so per-process caches in the processor (an open store, a
 * DuckDB instance) pay off over thousands of small partitions.
 */
import { pathToFileURL } from 'node:url';
import type { ChildMessage, ParentMessage } from './ipc-protocol.js';
import type { ProcessorModule } from './runner.js';

let processor: Promise<ProcessorModule> | null = null;
let context: unknown = null;

async function loadProcessor(path: string): Promise<ProcessorModule> {
  const url = path.startsWith('file:') ? path : pathToFileURL(path).href;
  const mod = (await import(url)) as Partial<ProcessorModule>;
  if (typeof mod.processJob !== 'function') {
    throw new Error(`processor module ${path} does not export processJob(payload, context)`);
  }
  return mod as ProcessorModule;
}

function peakRssBytes(): number {
  // maxRSS is in kilobytes
  return process.resourceUsage().maxRSS * 1024;
}

function reply(message: ChildMessage): void {
  process.send?.(message);
}

async function runJob(id: string, payload: unknown): Promise<void> {
  let started = performance.now();
  try {
    if (processor === null) throw new Error('job received before init');
    const mod = await processor;
    started = performance.now();
    const result = await mod.processJob(payload, context);
    const durationMs = performance.now() - started;
    reply({ type: 'done', id, ok: true, result: result ?? null, durationMs, peakRssBytes: peakRssBytes() });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    reply({
      type: 'done',
      id,
      ok: false,
      error,
      durationMs: performance.now() - started,
      peakRssBytes: peakRssBytes(),
    });
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    context = message.context;
    processor = loadProcessor(message.processorPath);
    // a load failure is reported with each job; keep it from surfacing as an unhandled rejection
    processor.catch(() => {});
  } else {
    void runJob(message.id, message.payload);
  }
});

// The parent is gone (closed the runner, or was killed): stop at once so an orphan never commits
// a partition while a rerun may be writing the same one.
process.on('disconnect', () => process.exit(0));
