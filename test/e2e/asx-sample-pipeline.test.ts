/**
 * The whole pipeline (real ingest, store, jobs in child processes, writers, aggregation) on the
 * real ASX sample, read in place from ../shared/fixtures/asx-sample and skipped when absent.
 * Trading hours are disabled so every order is in scope. The sample holds the final state of each
 * Centre Point order (the 2024-09-04 file's rows are evening reloads after the 19:00 cutoff, so
 * they belong to 2024-09-05 too), which gives independent expectations straight from the input.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseConfigText } from '../../src/config/load-config.js';
import { runPipeline } from '../../src/jobs/pipeline.js';

const SAMPLE = resolve('../shared/fixtures/asx-sample');
const present = existsSync(join(SAMPLE, 'orders_final_2024-09-05_110621.csv'));
const work = mkdtempSync(join(tmpdir(), 'sweepscope-e2e-sample-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** header -> field maps; neither the sample nor these outputs quote fields */
function rows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return Object.fromEntries(header.map((h, i) => [h, f[i]]));
  });
}
const readCsv = (file: string) => rows(readFileSync(file, 'utf8'));
const readGz = (file: string) => rows(gunzipSync(readFileSync(file)).toString('utf8'));

test('ASX sample end to end: ids byte for byte, sweeps reconcile with their trades, groups match the final states, aggregates match the per-order rows', {
  skip: present ? false : `sample absent at ${SAMPLE}`,
}, async () => {
  const config = parseConfigText(
    [
      'inputs:',
      `  orders: ["${SAMPLE}/orders_final_2024-09-04_110621.csv", "${SAMPLE}/orders_final_2024-09-05_110621.csv"]`,
      `  trades: ${SAMPLE}/trades.csv`,
      `  nbbo: ${SAMPLE}/nbbo.csv`,
      `processing: { max_workers: 2, temp_dir: ${work}/tmp }`,
      'data_selection: { trading_hours: disabled, date_range: { all_dates: true } }',
      `output: { output_dir: ${work}/out }`,
      '',
    ].join('\n'),
    null,
  );
  const res = await runPipeline(config, {});
  assert.equal(res.ok, true, res.summary);

  // --- the input, read independently: the final state of each order = its latest row ---
  const inputRows = [
    ...readCsv(join(SAMPLE, 'orders_final_2024-09-04_110621.csv')),
    ...readCsv(join(SAMPLE, 'orders_final_2024-09-05_110621.csv')),
  ];
  const finals = new Map<string, Record<string, string>>();
  for (const r of inputRows) {
    const prev = finals.get(r.order_id);
    if (!prev || BigInt(r.timestamp) >= BigInt(prev.timestamp)) finals.set(r.order_id, r);
  }
  const dir = join(work, 'out', 'by_security', 'SEC_110621', '2024-09-05');
  assert.ok(existsSync(join(dir, '_SUCCESS')));
  const orders = readGz(join(dir, 'orders.csv.gz'));

  // ids: the output's id texts are exactly the input's, digit for digit (19 digits, above 2^53)
  assert.deepEqual(orders.map((o) => o.order_id).sort(), [...finals.keys()].sort());
  assert.ok(orders.some((o) => BigInt(o.order_id) > 2n ** 53n));

  // every sweep's summed trade quantity equals its final totalmatchedquantity
  const tradeQty = new Map<string, bigint>();
  for (const t of readCsv(join(SAMPLE, 'trades.csv'))) {
    tradeQty.set(t.orderid, (tradeQty.get(t.orderid) ?? 0n) + BigInt(t.quantity));
  }
  const sweeps = orders.filter((o) => o.is_sweep === 'true');
  assert.equal(
    sweeps.length,
    [...finals.values()].filter((r) => (Number(r.exchangeordertype) & 2048) !== 0).length,
  );
  for (const o of sweeps) {
    const fin = finals.get(o.order_id)!;
    assert.equal(BigInt(o.filled_qty), tradeQty.get(o.order_id) ?? 0n, `filled_qty of ${o.order_id}`);
    assert.equal(o.filled_qty, fin.totalmatchedquantity, `sweep ${o.order_id} reconciles`);
    assert.equal(o.final_matched, fin.totalmatchedquantity);
    assert.equal(o.final_leaves, fin.leavesquantity);
  }

  // groups: a direct count over the final states of the sweeps (the default subjects)
  const expected = { G1_FULLY_FILLED: 0, G2_PARTIALLY_FILLED: 0, G3_NOT_EXECUTED: 0 };
  for (const o of sweeps) {
    const fin = finals.get(o.order_id)!;
    // day_matched: a reload arrival (the 2024-09-04 evening row) carries earlier fills
    const arrival = inputRows
      .filter((r) => r.order_id === o.order_id)
      .sort((a, b) => (BigInt(a.timestamp) < BigInt(b.timestamp) ? -1 : 1))[0];
    const carried = arrival.changereason === '30' ? Number(arrival.totalmatchedquantity) : 0;
    const dayMatched = Number(fin.totalmatchedquantity) - carried;
    const leaves = Number(fin.leavesquantity);
    if (dayMatched === 0) expected.G3_NOT_EXECUTED++;
    else if (leaves === 0) expected.G1_FULLY_FILLED++;
    else expected.G2_PARTIALLY_FILLED++;
  }
  const metrics = readCsv(join(dir, 'metrics.csv'));
  for (const [group, count] of Object.entries(expected)) {
    assert.equal(Number(metrics.find((m) => m.group === group)!.order_count), count, group);
  }
  assert.equal(Number(metrics.find((m) => m.group === 'OVERALL')!.order_count), sweeps.length);

  // the aggregates equal a brute-force recomputation from the per-order rows
  const global = Object.fromEntries(
    readCsv(join(work, 'out', 'aggregated', 'global_summary.csv')).map((r) => [r.metric, r.value]),
  );
  const subjects = sweeps.filter((o) => o.in_scope === 'true');
  const sum = (k: string) => subjects.reduce((a, o) => a + BigInt(o[k]), 0n);
  assert.equal(global.orders, String(subjects.length));
  assert.equal(global.filled_orders, String(subjects.filter((o) => o.filled_qty !== '0').length));
  assert.equal(global.order_qty, String(sum('order_size')));
  assert.equal(global.filled_qty, String(sum('filled_qty')));
  assert.equal(global.notional, String(sum('notional')));
  const simulation = readGz(join(dir, 'simulation.csv.gz'));
  assert.equal(
    Number(global.sim_orders_A),
    simulation.filter((s) => s.scenario === 'A' && s.status === 'ok').length,
  );

  // nothing lost: per input file, read = used + filtered + rejected
  const run = JSON.parse(readFileSync(res.runJsonPath, 'utf8'));
  for (const input of run.inputs) {
    assert.equal(input.rows_read, input.rows_used + input.rows_filtered + input.rows_rejected, input.path);
  }
  const ordersRead = run.inputs.filter((i: { kind: string }) => i.kind === 'orders');
  assert.equal(
    ordersRead.reduce((a: number, i: { rows_read: number }) => a + i.rows_read, 0),
    inputRows.length,
  );
});
