/** The built executable (dist/src/cli/main.js), spawned: exit codes and where messages go. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'sweepscope-main-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function sweepscope(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sweepscope executable', () => {
  it('--help exits 0 with the help on stdout', () => {
    const r = sweepscope('--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: sweepscope \[options\] \[command\]/);
    assert.equal(r.stderr, '');
  });

  it('--version prints the package version', () => {
    const r = sweepscope('--version');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('an unknown flag exits 2', () => {
    const r = sweepscope('run', '--config', 'x.yaml', '--bogus');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });

  it('a bad config exits 2 with the problem and no stack trace', () => {
    writeFileSync(
      path.join(dir, 'bad.yaml'),
      'inputs: { orders: o, trades: t }\nprocessing: { max_workers: none }\n',
    );
    const r = sweepscope('run', '--config', 'bad.yaml');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /processing\.max_workers \(line 2\): must be a whole number >= 1 or auto/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('an unexpected error exits 1 with its stack', () => {
    // --out names a regular file, so creating the folder fails with a plain Node error
    writeFileSync(path.join(dir, 'a-file'), '');
    const r = sweepscope(
      'gen',
      '--out',
      'a-file/demo',
      '--securities',
      '1',
      '--days',
      '1',
      '--orders-per-day',
      '1',
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^sweepscope: unexpected error\nError: ENOTDIR/);
    assert.match(r.stderr, /\n\s+at /);
  });
});
