/**
 * The commands end to end, in-process, on a tiny generated data set: `gen` writes a config that
 * `plan` and `run` accept as is; `plan` scans once and then reads the store it left.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { genCommand } from '../../src/cli/commands/gen.js';
import { buildPlan, formatPlan } from '../../src/cli/commands/plan.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { loadConfig } from '../../src/config/load-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sweepscope-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('gen -> plan -> run', () => {
  const outDir = path.join(dir, 'demo');
  const configPath = path.join(outDir, 'sweepscope.yaml');

  it('gen writes the data and a config pointing at it', async () => {
    const r = await genCommand({ out: outDir, securities: 2, days: 2, ordersPerDay: 60, seed: 5 });
    assert.equal(r.configPath, configPath);
    const config = loadConfig(configPath);
    for (const kind of ['orders', 'trades', 'nbbo'] as const) {
      const generated = r.summary.files.filter((f) => f.kind === kind).map((f) => f.path);
      assert.ok(generated.length > 0, kind);
      assert.deepEqual(config.inputs[kind], generated, kind);
    }
    assert.match(r.report, /^generated \d+ orders \(\d+ sweeps\) and \d+ trade legs:/);
  });

  it('plan scans once, then reads the store; totals add up over the partitions', async () => {
    const notes: string[] = [];
    const progress = {
      scan() {},
      scanDone() {},
      jobs() {},
      note: (m: string) => void notes.push(m),
      close() {},
    };
    const first = await buildPlan({ config: configPath }, progress);
    assert.equal(first.scanned, true);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /scanning them now \(run will reuse it\)/);
    // 2 securities x 2 days; every partition's counts sum to the totals
    assert.equal(first.totals.partitions, first.partitions.length);
    assert.equal(first.partitions.length, 4);
    assert.equal(
      first.totals.orders,
      first.partitions.reduce((s, p) => s + p.orders, 0),
    );
    assert.equal(
      first.totals.trades,
      first.partitions.reduce((s, p) => s + p.trades, 0),
    );
    assert.equal(
      first.totals.nbbo,
      first.partitions.reduce((s, p) => s + p.nbbo, 0),
    );
    const order = first.partitions.map((p) => `${p.security_code}/${p.trading_date}`);
    assert.deepEqual(order, [...order].sort(), 'by security, then date');

    const second = await buildPlan({ config: configPath }, progress);
    assert.equal(second.scanned, false);
    assert.equal(notes.length, 1, 'no second scan');
    assert.deepEqual(second.partitions, first.partitions);

    const text = formatPlan(second, false).split('\n');
    assert.match(text[0], /\(existing, reused\)$/);
    assert.deepEqual(text[2].split(/\s+/), ['trading_date', 'security_code', 'orders', 'trades', 'nbbo']);
    assert.deepEqual(text.at(-1)?.split(/\s+/), [
      'TOTAL',
      '4',
      'jobs',
      String(second.totals.orders),
      String(second.totals.trades),
      String(second.totals.nbbo),
    ]);
    const json = JSON.parse(formatPlan(second, true));
    assert.equal(json.partitions.length, second.partitions.length);
    assert.deepEqual(json.totals, second.totals);
  });

  it('run processes every partition, exit 0, and records run.json in the output folder', async () => {
    const out = path.join(dir, 'results');
    const r = await runCommand({ config: configPath, overrides: { outputDir: out, workers: 1 } });
    assert.equal(r.exitCode, 0, r.report);
    assert.ok(r.report.endsWith(`run record: ${path.join(out, 'run.json')}`), r.report);
    assert.ok(existsSync(path.join(out, 'run.json')));
    const json = await runCommand({
      config: configPath,
      json: true,
      overrides: { outputDir: out, workers: 1 },
    });
    const parsed = JSON.parse(json.report);
    assert.equal(parsed.ok, true);
    assert.equal(parsed.run_json, path.join(out, 'run.json'));
    assert.ok(readFileSync(parsed.run_json, 'utf8').length > 0);
  });
});
