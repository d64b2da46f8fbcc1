import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runPipeline } from '../../src/jobs/pipeline.js';
import { assertSameOutputs, pipelineConfig, readTree } from './fixtures/pipeline-setup.js';
import { type TinyMarketFiles, writeTinyMarket } from './fixtures/tiny-market.js';

const driver = fileURLToPath(new URL('./fixtures/pipeline-driver.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'sweepscope-resume-'));
after(() => rmSync(root, { recursive: true, force: true }));

let data: TinyMarketFiles;
const reference = join(root, 'out-reference');

interface DriverExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the pipeline in a child process (see pipeline-driver.ts for the kill points). */
function configOf(name: string, outputDir: string, workers: number) {
  // each test its own store folder, so a kill during ingest is followed by a real re-ingest
  return pipelineConfig([data], join(root, `tmp-${name}`), outputDir, workers);
}

function drive(name: string, outputDir: string, point: string): Promise<DriverExit> {
  const configFile = join(root, `${name}.json`);
  writeFileSync(configFile, JSON.stringify(configOf(name, outputDir, 2)));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [driver, configFile, point], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function committedCount(outputDir: string): number {
  const bySecurity = join(outputDir, 'by_security');
  if (!existsSync(bySecurity)) return 0;
  let n = 0;
  for (const sec of readdirSync(bySecurity)) {
    for (const date of readdirSync(join(bySecurity, sec))) {
      // a hidden ".<date>.tmp-*" folder of a writer killed between its _SUCCESS and its rename
      // holds a _SUCCESS too, but is not a committed partition (the rerun removes it)
      if (date.startsWith('.')) continue;
      if (existsSync(join(bySecurity, sec, date, '_SUCCESS'))) n += 1;
    }
  }
  return n;
}

before(async () => {
  data = writeTinyMarket({
    dir: join(root, 'data'),
    dates: ['2024-09-02', '2024-09-03', '2024-09-04'],
    securities: [101, 202, 303],
    malformedRow: true,
  });
  const res = await runPipeline(configOf('reference', reference, 1));
  assert.equal(res.ok, true, res.summary);
});

describe('a run killed with SIGKILL and rerun', () => {
  const points: [string, (out: string) => void][] = [
    ['ingest', (out) => assert.equal(committedCount(out), 0, 'nothing committed before the jobs')],
    ['jobs:1', (out) => assert.ok(committedCount(out) >= 1 && committedCount(out) < 9)],
    ['jobs:6', (out) => assert.ok(committedCount(out) >= 6 && committedCount(out) < 9)],
    [
      'aggregate',
      (out) => {
        assert.equal(committedCount(out), 9);
        assert.equal(existsSync(join(out, 'run.json')), false, 'killed before run.json');
      },
    ],
  ];
  for (const [point, checkKilledState] of points) {
    it(`at ${point} ends with the same outputs as an uninterrupted run`, async () => {
      const name = point.replace(':', '-');
      const out = join(root, `out-${name}`);
      const killed = await drive(name, out, point);
      assert.equal(killed.signal, 'SIGKILL', `the run died at ${point}: ${killed.stderr}`);
      checkKilledState(out);
      const committedBefore = committedCount(out);

      const rerun = await runPipeline(configOf(name, out, 2));
      assert.equal(rerun.ok, true, rerun.summary);
      const t = rerun.runJson.totals;
      assert.equal(t.jobs_skipped, committedBefore, 'what the killed run committed is skipped');
      assert.equal(t.jobs_succeeded, 9 - committedBefore);
      assertSameOutputs(out, reference);
      // no temp folder of the killed run is left anywhere in the output
      for (const path of readTree(out).keys()) assert.doesNotMatch(path, /tmp/, path);
    });
  }
});
