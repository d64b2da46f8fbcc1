/**
 * The whole pipeline on a generated market (src/gen) that crosses Sydney's October 2024 DST switch
 * and carries injected malformed rows: cross-module invariants that must hold on any realistic
 * input, checked on the written files, not on in-memory results.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseConfigText } from '../../src/config/load-config.js';
import { generate } from '../../src/gen/generate.js';
import { runPipeline } from '../../src/jobs/pipeline.js';
import { parseDate, TradingCalendar } from '../../src/time/trading-calendar.js';

const work = mkdtempSync(join(tmpdir(), 'sweepscope-e2e-gen-'));
after(() => rmSync(work, { recursive: true, force: true }));

function rows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return Object.fromEntries(header.map((h, i) => [h, f[i]]));
  });
}
const readGz = (file: string) => rows(gunzipSync(readFileSync(file)).toString('utf8'));

test('generated market across the DST switch: counts add up, lifecycle, scenario and replay invariants hold in the files', async () => {
  // 2024-10-01 (Tue) + 6 trading days = Oct 1-4 (AEST, UTC+10) and Oct 7-8 (AEDT, UTC+11)
  const gen = await generate({
    outDir: join(work, 'data'),
    securities: 2,
    days: 6,
    ordersPerDay: 600,
    seed: 11,
    badRows: 4,
  });
  const config = parseConfigText(
    [
      'inputs:',
      `  orders: ${work}/data/orders.csv`,
      `  trades: ${work}/data/trades.csv`,
      `  nbbo: ${work}/data/nbbo.csv`,
      `processing: { max_workers: 2, temp_dir: ${work}/tmp }`,
      `output: { output_dir: ${work}/out }`,
      '',
    ].join('\n'),
    null,
  );
  const res = await runPipeline(config, {});
  assert.equal(res.ok, true, res.summary);

  // nothing lost: every generated row is read, and read = used + filtered + rejected per file
  const run = JSON.parse(readFileSync(res.runJsonPath, 'utf8'));
  for (const input of run.inputs) {
    const made = gen.files.find((f) => input.path.endsWith(`${f.kind}.csv`))!;
    assert.equal(input.rows_read, made.rows, input.path);
    assert.equal(input.rows_read, input.rows_used + input.rows_filtered + input.rows_rejected, input.path);
  }
  const rejected = run.inputs.reduce((a: number, i: { rows_rejected: number }) => a + i.rows_rejected, 0);
  assert.equal(rejected, gen.badRows);
  const rejectLines = readFileSync(join(work, 'out', 'rejects', 'rejects.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(rejectLines.length, 1 + gen.badRows);

  const calendar = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });
  const dates = new Set<string>();
  let subjects = 0;
  const root = join(work, 'out', 'by_security');
  for (const sec of readdirSync(root)) {
    for (const date of readdirSync(join(root, sec)).filter((d) => !d.startsWith('.'))) {
      dates.add(date);
      const dir = join(root, sec, date);
      const opensAt = BigInt(calendar.epochOfLocal(parseDate(date), 10 * 3600)) * 1_000_000_000n;
      const orders = readGz(join(dir, 'orders.csv.gz'));
      const bySize = new Map<string, number>();
      for (const o of orders) {
        const dayMatched = Number(o.day_matched);
        const leaves = Number(o.final_leaves);
        assert.equal(o.trading_date, date);
        assert.equal(Number(o.order_size), dayMatched + leaves);
        assert.equal(o.qty_mismatch, 'false', `trades of ${o.order_id} sum to its day_matched`);
        assert.equal(Number(o.filled_qty), dayMatched);
        const group =
          dayMatched === 0 ? 'G3_NOT_EXECUTED' : leaves === 0 ? 'G1_FULLY_FILLED' : 'G2_PARTIALLY_FILLED';
        assert.equal(o.group, group);
        // the benchmark is never before 10:00 local of the trading date, on either side of the switch
        assert.ok(
          BigInt(o.benchmark_ts) >= opensAt,
          `${o.order_id} benchmark ${o.benchmark_ts} >= ${opensAt}`,
        );
        bySize.set(o.order_id, Number(o.order_size));
        if (o.in_scope === 'true' && o.is_sweep === 'true') subjects++;
      }
      const simulation = readGz(join(dir, 'simulation.csv.gz'));
      const matched = new Map<string, number>();
      for (const m of readGz(join(dir, 'matches.csv.gz'))) {
        assert.ok(Number(m.qty) > 0);
        assert.notEqual(m.sweep_order_id, m.contra_order_id);
        matched.set(m.sweep_order_id, (matched.get(m.sweep_order_id) ?? 0) + Number(m.qty));
      }
      for (const s of simulation) {
        const size = Number(s.order_size);
        assert.equal(bySize.get(s.order_id), size);
        if (s.status !== 'ok') continue;
        const sim = Number(s.sim_filled_qty);
        if (s.scenario === 'A') assert.equal(sim, size);
        if (s.scenario === 'B') {
          const dark = Math.floor(size / 2); // dark_fraction 0.5
          assert.equal(sim, dark + Math.min(size - dark, Number(s.filled_qty)));
        }
        if (s.scenario === 'R') {
          assert.equal(sim, matched.get(s.order_id) ?? 0, `R fills of ${s.order_id} are its matches`);
          assert.ok(sim <= size, `a sweep never gets more than its order_size in the replay`);
        }
      }
    }
  }
  // trading dates on both sides of the switch, weekend skipped
  assert.ok(dates.has('2024-10-04') && dates.has('2024-10-07'), [...dates].join(' '));
  assert.ok(!dates.has('2024-10-05') && !dates.has('2024-10-06'));
  const global = Object.fromEntries(
    rows(readFileSync(join(work, 'out', 'aggregated', 'global_summary.csv'), 'utf8')).map((r) => [
      r.metric,
      r.value,
    ]),
  );
  assert.equal(Number(global.orders), subjects);
  assert.ok(subjects > 0);
});
