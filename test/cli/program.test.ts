/** The CLI in-process: help texts, usage and config errors as exit codes, and `init`. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../src/cli/program.js';
import { parseConfigText } from '../../src/config/load-config.js';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'sweepscope', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'sweepscope-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
  it('the program help lists the commands and a quick start (exit 0)', async () => {
    const r = await cli('--help');
    assert.equal(r.code, 0);
    for (const command of ['init', 'gen', 'plan', 'run'])
      assert.match(r.stdout, new RegExp(`\\n  ${command} `));
    assert.match(
      r.stdout,
      /Quick start:\n {2}\$ sweepscope gen --out demo\n {2}\$ sweepscope run --config demo\/sweepscope\.yaml/,
    );
  });

  for (const [command, example, outputs] of [
    ['init', '$ sweepscope init my-run.yaml', 'Output: the YAML file'],
    ['gen', '$ sweepscope gen --out demo', 'sweepscope.yaml'],
    ['plan', '$ sweepscope plan --config sweepscope.yaml --json', 'one row per partition'],
    ['run', '$ sweepscope run --config sweepscope.yaml --workers 4', 'aggregated/'],
  ] as const) {
    it(`${command} --help teaches what it does, an example and its outputs (exit 0)`, async () => {
      const r = await cli(command, '--help');
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: sweepscope ${command} `));
      assert.ok(r.stdout.includes(`Example:\n  ${example}`), r.stdout);
      assert.ok(r.stdout.includes(outputs), r.stdout);
    });
  }
});

describe('usage errors exit 2', () => {
  it('unknown flag', async () => {
    const r = await cli('init', '--bogus');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: unknown option '--bogus'/);
  });

  it('unknown command', async () => {
    const r = await cli('analyse');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'analyse'/);
  });

  it('no command prints the help on stderr', async () => {
    const r = await cli();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Usage: sweepscope /);
  });

  it('missing --config', async () => {
    const r = await cli('run');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /required option '--config <file>' not specified/);
  });

  it('bad option values', async () => {
    const workers = await cli('run', '--config', 'x.yaml', '--workers', '0');
    assert.equal(workers.code, 2);
    assert.match(
      workers.stderr,
      /option '--workers <n>' argument '0' is invalid\. expected a whole number >= 1/,
    );
    const date = await cli('plan', '--config', 'x.yaml', '--from', '2024-02-30');
    assert.equal(date.code, 2);
    assert.match(date.stderr, /expected a date YYYY-MM-DD/);
    const level = await cli('run', '--config', 'x.yaml', '--log-level', 'loud');
    assert.equal(level.code, 2);
    assert.match(level.stderr, /Allowed choices are trace, debug, info, warn, error, fatal, silent/);
  });
});

describe('config errors exit 2 with the message, no stack', () => {
  it('a bad config names key path and line', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'inputs: { orders: o.csv, trades: t.csv }\nsimulation:\n  dark_fraction: 7\n');
    for (const command of ['run', 'plan']) {
      const r = await cli(command, '--config', file);
      assert.equal(r.code, 2, command);
      assert.equal(
        r.stderr,
        `sweepscope: invalid config ${file}:\n  simulation.dark_fraction (line 3): must be between 0 and 1\n`,
      );
      assert.equal(r.stdout, '');
    }
  });

  it('a missing config file', async () => {
    const file = path.join(dir, 'nope.yaml');
    const r = await cli('run', '--config', file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^sweepscope: cannot read config file ${file}: ENOENT`));
  });
});

describe('init', () => {
  it('writes a valid config, refuses to overwrite it, and overwrites with --force', async () => {
    const file = path.join(dir, 'init.yaml');
    const first = await cli('init', file);
    assert.equal(first.code, 0);
    assert.equal(first.stdout, `wrote ${file}\n`);
    const written = readFileSync(file, 'utf8');
    assert.equal(parseConfigText(written, file).timezone, 'Australia/Sydney');

    writeFileSync(file, 'edited: true\n');
    const second = await cli('init', file);
    assert.equal(second.code, 2);
    assert.equal(second.stderr, `sweepscope: ${file} already exists; pass --force to overwrite it\n`);
    assert.equal(readFileSync(file, 'utf8'), 'edited: true\n', 'left untouched');

    const forced = await cli('init', file, '--force');
    assert.equal(forced.code, 0);
    assert.equal(readFileSync(file, 'utf8'), written);
  });
});
