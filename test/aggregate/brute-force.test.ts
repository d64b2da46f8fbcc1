/**
 * Aggregates from merged partials equal a direct recomputation over all per-order rows, and do
 * not depend on the order or grouping in which partials are merged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Table, tableText } from '../../src/aggregate/csv-table.js';
import { mergePartials } from '../../src/aggregate/merge.js';
import {
  DIMENSIONS,
  type Dimension,
  type PartitionPartials,
  partialsOf,
} from '../../src/aggregate/partials.js';
import {
  dimensionTable,
  globalSummaryTable,
  scenarioSummaryTable,
} from '../../src/aggregate/summary-tables.js';
import type { OrderResult, SimulationRow } from '../../src/model/results.js';
import { testConfig } from '../output/sample-result.js';
import { randomPartitions } from './random-partitions.js';

const config = testConfig();
const partitions = randomPartitions(20240905, 40);
const subjects = partitions.flatMap((p) => p.orders).filter((o) => o.in_scope && o.is_sweep);
const simById = new Map<bigint, SimulationRow[]>();
for (const s of partitions.flatMap((p) => p.simulation))
  simById.set(s.order_id, [...(simById.get(s.order_id) ?? []), s]);

const sydney = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Australia/Sydney',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const KEY: Record<Dimension, (o: OrderResult) => string> = {
  by_security: (o) => String(o.security_code),
  by_date: (o) => o.trading_date,
  by_participant: (o) => (o.participant_id === null ? '' : String(o.participant_id)),
  by_time_of_day: (o) => {
    const [h, m] = sydney
      .format(new Date(Number(o.benchmark_ts / 1_000_000n)))
      .split(':')
      .map(Number);
    return `${String(h).padStart(2, '0')}:${m < 30 ? '00' : '30'}`;
  },
  by_order_size: (o) =>
    o.order_size <= 100
      ? '<=100'
      : o.order_size <= 1000
        ? '101-1000'
        : o.order_size <= 10000
          ? '1001-10000'
          : '>10000',
  by_group: (o) => o.group,
};

/** Metrics of a set of orders computed directly, by plain loops. */
function bruteForce(orders: OrderResult[]): Record<string, number | string | null> {
  const sum = (f: (o: OrderResult) => number) => orders.reduce((a, o) => a + f(o), 0);
  const order_qty = sum((o) => o.order_size);
  const filled = sum((o) => o.filled_qty);
  const ratios = orders.filter((o) => o.fill_ratio !== null);
  const costed = orders.filter((o) => o.arrival_cost_bps !== null && o.filled_qty > 0);
  const costWeight = costed.reduce((a, o) => a + o.filled_qty, 0);
  const notional = orders.reduce((a, o) => a + o.notional, 0n);
  const out: Record<string, number | string | null> = {
    orders: orders.length,
    filled_orders: orders.filter((o) => o.filled_qty > 0).length,
    order_qty,
    filled_qty: filled,
    fill_ratio: order_qty > 0 ? sum((o) => o.day_matched) / order_qty : null,
    mean_fill_ratio:
      ratios.length > 0 ? ratios.reduce((a, o) => a + (o.fill_ratio as number), 0) / ratios.length : null,
    notional: notional.toString(),
    vwap: filled > 0 ? Number(notional) / filled : null,
    arrival_cost_bps:
      costWeight > 0
        ? costed.reduce((a, o) => a + (o.arrival_cost_bps as number) * o.filled_qty, 0) / costWeight
        : null,
    num_dates: new Set(orders.map((o) => o.trading_date)).size,
    num_securities: new Set(orders.map((o) => o.security_code)).size,
    num_participants: new Set(orders.filter((o) => o.participant_id !== null).map((o) => o.participant_id))
      .size,
  };
  for (const s of ['A', 'B', 'C', 'R']) {
    const rows = orders.flatMap((o) => simById.get(o.order_id) ?? []).filter((r) => r.scenario === s);
    const withSavings = rows.filter((r) => r.savings_bps !== null);
    const weight = withSavings.reduce((a, r) => a + Math.min(r.filled_qty, r.sim_filled_qty as number), 0);
    out[`sim_orders_${s}`] = rows.filter((r) => r.status === 'ok').length;
    out[`savings_raw_${s}`] =
      withSavings.length > 0 ? withSavings.reduce((a, r) => a + (r.savings_raw as number), 0) : null;
    out[`savings_money_${s}`] =
      withSavings.length > 0 ? withSavings.reduce((a, r) => a + (r.savings_money as number), 0) : null;
    out[`savings_bps_${s}`] =
      weight > 0
        ? withSavings.reduce(
            (a, r) => a + (r.savings_bps as number) * Math.min(r.filled_qty, r.sim_filled_qty as number),
            0,
          ) / weight
        : null;
  }
  return out;
}

function assertSame(actual: unknown, expected: number | string | null, what: string): void {
  if (typeof expected === 'number' && !Number.isInteger(expected)) {
    assert.equal(typeof actual, 'number', what);
    // naive sums differ from the exact ones in the last bits only
    assert.ok(
      Math.abs((actual as number) - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
      `${what}: ${actual} vs ${expected}`,
    );
  } else {
    assert.equal(actual, expected, what);
  }
}

test('the random data exercises every dimension', () => {
  assert.ok(subjects.length > 100);
  for (const dim of DIMENSIONS) assert.ok(new Set(subjects.map(KEY[dim])).size >= 2, dim);
  assert.ok(subjects.some((o) => o.participant_id === null));
});

test('every dimension table equals a brute-force recomputation from the per-order rows', () => {
  const merged = mergePartials(partitions.map((p) => partialsOf(p, config)));
  for (const dim of DIMENSIONS) {
    const table = dimensionTable(merged, dim, config);
    const groups = new Map<string, OrderResult[]>();
    for (const o of subjects) groups.set(KEY[dim](o), [...(groups.get(KEY[dim](o)) ?? []), o]);
    assert.deepEqual(new Set(table.rows.map((r) => r[0])), new Set(groups.keys()), dim);
    for (const row of table.rows) {
      const expected = bruteForce(groups.get(row[0] as string) as OrderResult[]);
      table.header.forEach((h, i) => {
        if (i > 0) assertSame(row[i], expected[h], `${dim} ${row[0]} ${h}`);
      });
    }
  }
  const global = globalSummaryTable(merged, config);
  const expected = bruteForce(subjects);
  for (const [metric, value] of global.rows)
    if (metric !== 'partitions') assertSame(value, expected[metric as string], `global ${metric}`);
});

test('merging in any order or grouping gives byte-identical tables', () => {
  const text = (p: PartitionPartials) =>
    [
      globalSummaryTable(p, config),
      scenarioSummaryTable(p, config),
      ...DIMENSIONS.map((d) => dimensionTable(p, d, config)),
    ]
      .map((t: Table) => tableText(t))
      .join('\n');
  const list = partitions.map((p) => partialsOf(p, config));
  const reference = text(mergePartials(list));
  const viaJson = list.map((p) => JSON.parse(JSON.stringify(p)) as PartitionPartials);
  assert.equal(text(mergePartials([...viaJson].reverse())), reference);
  const fresh = () => partitions.map((p) => partialsOf(p, config));
  const f = fresh();
  assert.equal(
    text(mergePartials([mergePartials([f[5], f[0], f[3]]), mergePartials([f[2], f[4]]), f[1]])),
    reference,
  );
  const g = fresh();
  assert.equal(
    text(
      mergePartials([mergePartials([g[1], mergePartials([g[4], g[2]])]), mergePartials([g[3], g[0], g[5]])]),
    ),
    reference,
  );
});

test('merging does not modify its inputs', () => {
  const list = partitions.map((p) => partialsOf(p, config));
  const before = JSON.stringify(list);
  mergePartials(list);
  mergePartials(list);
  assert.equal(JSON.stringify(list), before);
});
