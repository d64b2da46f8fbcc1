#!/usr/bin/env node
// `npm run demo`: generate a small multi-day, multi-security data set and run the whole pipeline on
// it, the way a user would from the shell. Everything lands in ./demo (git-ignored).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const run = (...args) => {
  console.log(`\n$ sweepscope ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(
  'gen',
  '--out',
  'demo/data',
  '--securities',
  '4',
  '--days',
  '6',
  '--orders-per-day',
  '1500',
  '--seed',
  '7',
  '--gzip',
);
run('plan', '--config', 'demo/data/sweepscope.yaml');
run('run', '--config', 'demo/data/sweepscope.yaml', '--out', 'demo/out');

const summary = join('demo', 'out', 'aggregated', 'global_summary.csv');
if (existsSync(summary)) {
  console.log(`\n${summary}:`);
  console.log(readFileSync(summary, 'utf8'));
}
console.log('Per-partition results: demo/out/by_security/SEC_<code>/<date>/ ; run record: demo/out/run.json');
