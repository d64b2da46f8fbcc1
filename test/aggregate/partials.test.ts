import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableText } from '../../src/aggregate/csv-table.js';
import { mergePartials } from '../../src/aggregate/merge.js';
import { orderSizeLabel, orderSizeLabels, partialsOf } from '../../src/aggregate/partials.js';
import {
  dimensionTable,
  globalSummaryTable,
  scenarioSummaryTable,
} from '../../src/aggregate/summary-tables.js';
import { testConfig } from '../output/sample-result.js';
import { handPartitions } from './hand-partitions.js';

test('order-size buckets: <=100, 101-1000, 1001-10000, >10000', () => {
  const edges = [100, 1000, 10000];
  const labels = orderSizeLabels(edges);
  assert.deepEqual(labels, ['<=100', '101-1000', '1001-10000', '>10000']);
  assert.deepEqual(
    [1, 100, 101, 1000, 1001, 10000, 10001].map((s) => orderSizeLabel(s, edges, labels)),
    ['<=100', '<=100', '101-1000', '101-1000', '1001-10000', '1001-10000', '>10000'],
  );
});

test('hand-computed global summary over the subjects only', () => {
  const config = testConfig();
  const merged = mergePartials(handPartitions().map((p) => partialsOf(p, config)));
  // subjects o1, o2, o5 (o3 is not a sweep, o4 not in scope)
  // order_qty 500 + 50 + 2000 = 2550; filled 200 + 50 = 250; fill_ratio = 250/2550
  // mean_fill_ratio = (0.4 + 1 + 0)/3; notional 668000 + 167000 = 835000; vwap 835000/250 = 3340
  // arrival_cost = (10·200 + 20·50)/250 = 12 (o5 has none)
  // A: o1, o2 ok, o5 no_mid; raw 500 + 25; money 0.5 + 0.025; bps (4·min(200,500) + 1·min(50,50))/250 = 3.4
  const text = tableText(globalSummaryTable(merged, config));
  const expected = [
    'metric,value',
    'partitions,2',
    'orders,3',
    'filled_orders,2',
    'order_qty,2550',
    'filled_qty,250',
    `fill_ratio,${250 / 2550}`,
    `mean_fill_ratio,${1.4 / 3}`,
    'notional,835000',
    'vwap,3340',
    'arrival_cost_bps,12',
    'sim_orders_A,2',
    'savings_raw_A,525',
    `savings_money_A,${0.5 + 0.025}`,
    'savings_bps_A,3.4',
    ...['B', 'C', 'R'].flatMap((s) => [
      `sim_orders_${s},0`,
      `savings_raw_${s},`,
      `savings_money_${s},`,
      `savings_bps_${s},`,
    ]),
    'num_dates,2',
    'num_securities,2',
    'num_participants,2',
  ];
  assert.equal(text, `${expected.join('\n')}\n`);

  const scenarios = tableText(scenarioSummaryTable(merged, config)).split('\n');
  // A: 3 orders, 2 ok, 1 no_mid, sim_filled 500 + 50 = 550 of 2550; 2 with savings; mean bps (4 + 1)/2
  assert.equal(scenarios[1], `A,3,2,1,550,${550 / 2550},2,525,${0.5 + 0.025},3.4,2.5`);
  assert.equal(scenarios[2], 'B,3,0,0,0,,0,,,,');
});

test('hand-computed dimension rows', () => {
  const config = testConfig();
  const merged = mergePartials(handPartitions().map((p) => partialsOf(p, config)));
  const rowsOf = (dim: Parameters<typeof dimensionTable>[1]) => {
    const t = dimensionTable(merged, dim, config);
    return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));
  };
  const time = rowsOf('by_time_of_day');
  // o1 10:30 and o2 10:45 AEST share the 10:30 bucket; o5 at 11:10 the next day falls in 11:00
  assert.deepEqual(
    time.map((r) => [r.time_bucket, r.orders, r.num_dates]),
    [
      ['10:30', 2, 1],
      ['11:00', 1, 1],
    ],
  );
  const size = rowsOf('by_order_size');
  assert.deepEqual(
    size.map((r) => [r.order_size_bucket, r.orders, r.order_qty]),
    [
      ['<=100', 1, 50],
      ['101-1000', 1, 500],
      ['1001-10000', 1, 2000],
    ],
  );
  const participants = rowsOf('by_participant');
  // participant 7: o1 (sec 100, 09-05) and o5 (sec 200, 09-06); participant 8: o2
  assert.deepEqual(
    participants.map((r) => [
      r.participant_id,
      r.orders,
      r.filled_qty,
      r.num_dates,
      r.num_securities,
      r.savings_bps_A,
    ]),
    [
      ['7', 2, 200, 2, 2, 4],
      ['8', 1, 50, 1, 1, 1],
    ],
  );
  const groups = rowsOf('by_group');
  assert.deepEqual(
    groups.map((r) => [r.group, r.orders]),
    [
      ['G1_FULLY_FILLED', 1],
      ['G2_PARTIALLY_FILLED', 1],
      ['G3_NOT_EXECUTED', 1],
    ],
  );
  const securities = rowsOf('by_security');
  assert.deepEqual(
    securities.map((r) => [r.security_code, r.orders, r.vwap, r.arrival_cost_bps, r.num_participants]),
    [
      ['100', 2, 3340, 12, 2],
      ['200', 1, null, null, 1],
    ],
  );
});

test('subjects: all also counts in-scope non-sweeps', () => {
  const merged = mergePartials(handPartitions().map((p) => partialsOf(p, testConfig({ subjects: 'all' }))));
  // o1, o2, o3, o5 (o4 stays out of scope); o3's A row counts now: 3 ok rows
  assert.equal(merged.global.orders, 4);
  assert.equal(merged.global.scenarios.A?.sim_orders, 3);
});
