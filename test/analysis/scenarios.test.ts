import assert from 'node:assert/strict';
import { test } from 'node:test';
import { darkScenarioRows, replayFill, replayRow, simulationRowFor } from '../../src/analysis/scenarios.js';
import type { SimulationRow } from '../../src/model/results.js';
import { assertClose, at, TEST_DATE, TEST_SECURITY } from './analysis-test-rows.js';

const params = { darkFraction: 0.5, priceImpactPercent: 0.05 };
const PRICE_SCALE = 1000;

function subject(
  side: 1 | 2,
  order_size: number,
  filled_qty: number,
  vwap: number | null,
  arrival_mid: number | null,
) {
  return {
    trading_date: TEST_DATE,
    security_code: TEST_SECURITY,
    order_id: 42n,
    side,
    participant_id: 7,
    is_sweep: true,
    order_size,
    filled_qty,
    vwap,
    benchmark_ts: at('10:05'),
    arrival_mid,
  } as const;
}

function assertRow(
  r: SimulationRow,
  expected: { filled: number; vwap: number; raw: number; bps: number; money: number; ratio: number },
) {
  assert.equal(r.status, 'ok');
  assert.equal(r.sim_filled_qty, expected.filled, `${r.scenario} sim_filled_qty`);
  assertClose(r.sim_vwap, expected.vwap, `${r.scenario} sim_vwap`);
  assertClose(r.sim_fill_ratio, expected.ratio, `${r.scenario} sim_fill_ratio`);
  assertClose(r.savings_raw, expected.raw, `${r.scenario} savings_raw`);
  assertClose(r.savings_bps, expected.bps, `${r.scenario} savings_bps`);
  assertClose(r.savings_money, expected.money, `${r.scenario} savings_money`);
}

// Buy: order_size 1000, filled 600 at vwap 2_006_000/600 = 3343.333…, arrival mid (3330+3345)/2 = 3337.5
const buy = subject(1, 1000, 600, 2_006_000 / 600, 3337.5);

test('buy A, B, C: positive savings when the real vwap was above mid', () => {
  const [a, b, c] = darkScenarioRows(buy, ['A', 'B', 'C'], params, PRICE_SCALE);
  assert.deepEqual([a.scenario, b.scenario, c.scenario], ['A', 'B', 'C']);
  for (const r of [a, b, c]) {
    assert.equal(r.mid, 3337.5);
    assert.deepEqual(
      [r.order_id, r.side, r.order_size, r.filled_qty, r.benchmark_ts],
      [42n, 1, 1000, 600, at('10:05')],
    );
  }
  // A: 1000 at 3337.5; gain = 3343.333… − 3337.5 = 3500/600 = 5.8333…; raw = gain·min(600, 1000) = 3500
  assertRow(a, {
    filled: 1000,
    vwap: 3337.5,
    ratio: 1,
    raw: 3500,
    bps: (3500 / 600 / 3337.5) * 1e4,
    money: 3.5,
  });
  // B: dark = floor(0.5·1000) = 500 at mid, lit = min(1000 − 500, 600) = 500 at vwap
  // sim_vwap = (500·3337.5 + 500·3343.333…)/1000 = 3340.41666…; gain = 3343.333… − 3340.41666… = 2.91666… (1750/600)
  // raw = 2.91666…·600 = 1750
  assertRow(b, {
    filled: 1000,
    vwap: (3337.5 + 2_006_000 / 600) / 2,
    ratio: 1,
    raw: 1750,
    bps: (1750 / 600 / 3337.5) * 1e4,
    money: 1.75,
  });
  // C: lit at 3337.5·(1 + 0.05/100) = 3339.16875; sim_vwap = (3337.5 + 3339.16875)/2 = 3338.334375
  // gain = 3343.333… − 3338.334375 = 4.998958…; raw = gain·600 = 2999.375
  assertRow(c, {
    filled: 1000,
    vwap: 3338.334375,
    ratio: 1,
    raw: 2999.375,
    bps: (2999.375 / 600 / 3337.5) * 1e4,
    money: 2.999375,
  });
});

test('sell A, B, C: negative savings when the real vwap was above mid (the seller did better than mid)', () => {
  // Sell: order_size 300, filled 100 at 3340, arrival mid 3337.5
  const sell = subject(2, 300, 100, 3340, 3337.5);
  const [a, b, c] = darkScenarioRows(sell, ['A', 'B', 'C'], params, PRICE_SCALE);
  // A: s = −1: −(3340 − 3337.5)·min(100, 300) = −250; bps −2.5/3337.5·1e4
  assertRow(a, { filled: 300, vwap: 3337.5, ratio: 1, raw: -250, bps: (-2.5 / 3337.5) * 1e4, money: -0.25 });
  // B: dark floor(0.5·300) = 150, lit min(150, 100) = 100: 250 filled
  // sim_vwap (150·3337.5 + 100·3340)/250 = 834_625/250 = 3338.5; raw −(3340 − 3338.5)·min(100, 250) = −150
  assertRow(b, {
    filled: 250,
    vwap: 3338.5,
    ratio: 250 / 300,
    raw: -150,
    bps: (-1.5 / 3337.5) * 1e4,
    money: -0.15,
  });
  // C: sell impacted 3337.5·(1 − 0.0005) = 3335.83125; sim_vwap (150·3337.5 + 100·3335.83125)/250 = 834_208.125/250 = 3336.8325
  // raw −(3340 − 3336.8325)·100 = −316.75
  assertRow(c, {
    filled: 250,
    vwap: 3336.8325,
    ratio: 250 / 300,
    raw: -316.75,
    bps: (-3.1675 / 3337.5) * 1e4,
    money: -0.31675,
  });
});

test('sell below mid: A savings are positive for the seller', () => {
  // −(3330 − 3337.5)·100 = +750; bps 7.5/3337.5·1e4 = 22.47…
  const [a] = darkScenarioRows(subject(2, 100, 100, 3330, 3337.5), ['A'], params, PRICE_SCALE);
  assertRow(a, { filled: 100, vwap: 3337.5, ratio: 1, raw: 750, bps: (7.5 / 3337.5) * 1e4, money: 0.75 });
});

test('dark_fraction 0.57 × order_size 100 gives 57 dark, not 56', () => {
  // B: dark 57, lit min(43, 100) = 43: sim_vwap (57·3337.5 + 43·3340)/100 = (190_237.5 + 143_620)/100 = 3338.575
  const [b] = darkScenarioRows(
    subject(1, 100, 100, 3340, 3337.5),
    ['B'],
    { ...params, darkFraction: 0.57 },
    PRICE_SCALE,
  );
  // with 56 dark the vwap would be (56·3337.5 + 44·3340)/100 = 3338.6
  assertClose(b.sim_vwap, 3338.575, 'sim_vwap');
  assert.equal(b.sim_filled_qty, 100);
  // raw (3340 − 3338.575)·100 = 142.5
  assertClose(b.savings_raw, 142.5, 'savings_raw');
});

test('no mid: A/B/C rows with status no_mid and every sim field empty', () => {
  const rows = darkScenarioRows(subject(1, 1000, 600, 3343, null), ['A', 'B', 'C'], params, PRICE_SCALE);
  assert.equal(rows.length, 3);
  for (const r of rows) {
    assert.equal(r.status, 'no_mid');
    assert.deepEqual(
      [r.mid, r.sim_filled_qty, r.sim_vwap, r.sim_fill_ratio, r.savings_raw, r.savings_bps, r.savings_money],
      [null, null, null, null, null, null, null],
    );
    assert.deepEqual([r.order_size, r.filled_qty, r.vwap], [1000, 600, 3343], 'the real side stays');
  }
});

test('no real fills: savings empty; B and C simulate the dark part only', () => {
  const [a, b] = darkScenarioRows(subject(1, 100, 0, null, 3337.5), ['A', 'B'], params, PRICE_SCALE);
  assert.deepEqual(
    [a.sim_filled_qty, a.sim_vwap, a.savings_raw, a.savings_bps, a.savings_money],
    [100, 3337.5, null, null, null],
  );
  // dark 50, lit min(50, 0) = 0
  assert.deepEqual([b.sim_filled_qty, b.sim_vwap, b.sim_fill_ratio, b.savings_raw], [50, 3337.5, 0.5, null]);
});

test('only the requested scenarios are produced, in A, B, C order', () => {
  const rows = darkScenarioRows(buy, ['C', 'A'], params, PRICE_SCALE);
  assert.deepEqual(
    rows.map((r) => r.scenario),
    ['A', 'C'],
  );
});

test('R: Σ qty and the quantity-weighted match price with half units; savings as for A/B/C', () => {
  const matches = [
    { qty: 200, price: 3337.5 },
    { qty: 100, price: 3340 },
  ];
  // (200·3337.5 + 100·3340)/300 = (667_500 + 334_000)/300 = 1_001_500/300 = 3338.333…
  assert.deepEqual(replayFill(matches), { qty: 300, vwap: 1_001_500 / 300 });
  const r = replayRow(buy, matches, PRICE_SCALE);
  assert.equal(r.scenario, 'R');
  assert.equal(r.mid, 3337.5);
  // gain = 2_006_000/600 − 1_001_500/300 = (2_006_000 − 2_003_000)/600 = 5; raw 5·min(600, 300) = 1500
  assertRow(r, {
    filled: 300,
    vwap: 1_001_500 / 300,
    ratio: 0.3,
    raw: 1500,
    bps: (5 / 3337.5) * 1e4,
    money: 1.5,
  });
});

test('R without matches: ok row, nothing filled, savings empty', () => {
  const r = replayRow(buy, [], PRICE_SCALE);
  assert.deepEqual(
    [r.status, r.sim_filled_qty, r.sim_vwap, r.sim_fill_ratio, r.savings_raw, r.savings_bps, r.savings_money],
    ['ok', 0, null, 0, null, null, null],
  );
});

test('R without an arrival mid keeps its fills, with mid and savings empty', () => {
  const r = replayRow(subject(1, 1000, 600, 3343, null), [{ qty: 100, price: 3340 }], PRICE_SCALE);
  assert.deepEqual(
    [
      r.status,
      r.mid,
      r.sim_filled_qty,
      r.sim_vwap,
      r.sim_fill_ratio,
      r.savings_raw,
      r.savings_bps,
      r.savings_money,
    ],
    ['ok', null, 100, 3340, 0.1, null, null, null],
  );
});

test('savings_money divides by the price scale given', () => {
  const r = simulationRowFor(buy, 'A', 3337.5, { qty: 1000, vwap: 3337.5 }, 100);
  assertClose(r.savings_money, 35, 'savings_money'); // 3500 / 100
});
