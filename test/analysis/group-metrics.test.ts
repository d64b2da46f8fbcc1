import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupMetrics } from '../../src/analysis/group-metrics.js';
import type { Group } from '../../src/model/results.js';
import { TEST_DATE, TEST_SECURITY } from './analysis-test-rows.js';

const subject = (
  group: Group,
  day_matched: number,
  order_size: number,
  filled_qty: number,
  notional: bigint,
) => ({
  group,
  day_matched,
  order_size,
  filled_qty,
  notional,
});

test('G1, G2, G3 and OVERALL rows with counts, quantities, vwap and fill ratio', () => {
  const rows = groupMetrics(TEST_DATE, TEST_SECURITY, [
    subject('G2_PARTIALLY_FILLED', 600, 1000, 600, 2_006_000n),
    subject('G1_FULLY_FILLED', 300, 300, 300, 1_003_500n),
    subject('G2_PARTIALLY_FILLED', 100, 300, 100, 334_000n),
    subject('G3_NOT_EXECUTED', 0, 100, 0, 0n),
  ]);
  assert.deepEqual(
    rows.map((r) => r.group),
    ['G1_FULLY_FILLED', 'G2_PARTIALLY_FILLED', 'G3_NOT_EXECUTED', 'OVERALL'],
  );
  for (const r of rows) assert.deepEqual([r.trading_date, r.security_code], [TEST_DATE, TEST_SECURITY]);
  const [g1, g2, g3, all] = rows;
  // G1: one order, 300 of 300, vwap 1_003_500/300 = 3345
  assert.deepEqual(
    [
      g1.order_count,
      g1.num_full_fills,
      g1.num_partial_fills,
      g1.quantity_traded,
      g1.total_order_quantity,
      g1.vwap,
      g1.fill_ratio,
    ],
    [1, 1, 0, 300, 300, 3345, 1],
  );
  // G2: 600 + 100 = 700 of 1000 + 300 = 1300; vwap (2_006_000 + 334_000)/700 = 2_340_000/700
  assert.deepEqual(
    [g2.order_count, g2.num_full_fills, g2.num_partial_fills, g2.quantity_traded, g2.total_order_quantity],
    [2, 0, 2, 700, 1300],
  );
  assert.equal(g2.vwap, 2_340_000 / 700);
  assert.equal(g2.fill_ratio, 700 / 1300);
  // G3: nothing filled: vwap empty; fill ratio 0/100
  assert.deepEqual(
    [
      g3.order_count,
      g3.num_full_fills,
      g3.num_partial_fills,
      g3.quantity_traded,
      g3.total_order_quantity,
      g3.vwap,
      g3.fill_ratio,
    ],
    [1, 0, 0, 0, 100, null, 0],
  );
  // OVERALL: 4 orders, 1000 of 1700; vwap (2_006_000 + 1_003_500 + 334_000)/1000 = 3343.5
  assert.deepEqual(
    [
      all.order_count,
      all.num_full_fills,
      all.num_partial_fills,
      all.quantity_traded,
      all.total_order_quantity,
      all.vwap,
    ],
    [4, 1, 2, 1000, 1700, 3343.5],
  );
  assert.equal(all.fill_ratio, 1000 / 1700);
});

test('zero subjects still give all four rows, with empty vwap and fill ratio', () => {
  const rows = groupMetrics(TEST_DATE, TEST_SECURITY, []);
  assert.equal(rows.length, 4);
  for (const r of rows) {
    assert.deepEqual(
      [
        r.order_count,
        r.num_full_fills,
        r.num_partial_fills,
        r.quantity_traded,
        r.total_order_quantity,
        r.vwap,
        r.fill_ratio,
      ],
      [0, 0, 0, 0, 0, null, null],
    );
  }
});
