/**
 * One measured step of the benchmark, run in its own process so that its peak RSS is its own:
 * `node dist/bench/bench-step.js ingest|run <config.yaml> [workers]`. Prints one JSON line.
 * Peak RSS of the process tree = this process (it holds the ingest's worker threads) and, for
 * `run`, the largest child job process as reported in run.json.
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadConfig } from '../src/config/load-config.js';
import { ingest } from '../src/ingest/ingest.js';
import { runPipeline } from '../src/jobs/pipeline.js';

async function main(): Promise<void> {
  const [step, configFile, workers] = process.argv.slice(2);
  const config = loadConfig(configFile, workers ? { workers: Number(workers) } : {});
  // a fresh run: replacing an earlier run's partition folders costs extra (remove + rename)
  if (step === 'run') rmSync(config.output.outputDir, { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  if (step === 'ingest') {
    const { manifest } = await ingest(config, { force: true });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      JSON.stringify({
        step,
        seconds,
        phases: manifest.phases,
        partitions: manifest.partitions.length,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      }),
    );
    return;
  }
  if (step === 'run') {
    const res = await runPipeline(config, { force: true });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const runJson = JSON.parse(readFileSync(res.runJsonPath, 'utf8'));
    console.log(
      JSON.stringify({
        step,
        ok: res.ok,
        seconds,
        runJson,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      }),
    );
    return;
  }
  throw new Error(`unknown step ${step}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
