import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysePartition } from '../../src/analysis/analyse-partition.js';
import type { PartitionData } from '../../src/model/rows.js';
import {
  assertClose,
  at,
  ev,
  leg,
  quote,
  TEST_DATE,
  TEST_DAY,
  TEST_SECURITY,
  testConfig,
} from './analysis-test-rows.js';

/**
 * One partition, 2024-09-05:
 *  1: buy sweep (2048), participant 7, 10:05–10:10, 600 of 1000 filled (G2)
 *  2: sell sweep + short (2050), participant 8, reloaded 19:30 the evening before with 200 matched,
 *     100 more today, purged 16:30 with 200 left (G2)
 *  3: sell block + short (4098, not a sweep), participant 7, never traded (G3)
 *  4: buy sweep, participant 9, amended to quantity 200 after 300 traded: matched > quantity (G1)
 *  5: buy sweep, participant 7, lives 16:05–16:10, after the trading hours (G3)
 */
function partition(): PartitionData {
  return {
    day: TEST_DAY,
    securityCode: TEST_SECURITY,
    orders: [
      ev({ orderId: 5n, ts: at('16:05'), quantity: 50, leaves: 50, changeReason: 6 }),
      ev({ orderId: 5n, ts: at('16:10'), quantity: 50, leaves: 50, changeReason: 1 }),
      ev({ orderId: 1n, ts: at('10:05'), price: 3400, quantity: 1000, leaves: 1000, changeReason: 6 }),
      ev({
        orderId: 1n,
        ts: at('10:07'),
        price: 3400,
        quantity: 1000,
        leaves: 400,
        matched: 600,
        changeReason: 3,
      }),
      ev({
        orderId: 1n,
        ts: at('10:10'),
        price: 3400,
        quantity: 1000,
        leaves: 400,
        matched: 600,
        changeReason: 1,
      }),
      ev({
        orderId: 2n,
        ts: at('19:30', -1),
        side: 2,
        orderType: 2050,
        participantId: 8,
        price: 3300,
        quantity: 500,
        leaves: 300,
        matched: 200,
        changeReason: 30,
      }),
      ev({
        orderId: 2n,
        ts: at('10:20'),
        side: 2,
        orderType: 2050,
        participantId: 8,
        price: 3300,
        quantity: 500,
        leaves: 200,
        matched: 300,
        changeReason: 3,
      }),
      ev({
        orderId: 2n,
        ts: at('16:30'),
        side: 2,
        orderType: 2050,
        participantId: 8,
        price: 3300,
        quantity: 500,
        leaves: 200,
        matched: 300,
        changeReason: 24,
      }),
      ev({
        orderId: 3n,
        ts: at('10:30'),
        side: 2,
        orderType: 4098,
        quantity: 100,
        leaves: 100,
        changeReason: 6,
      }),
      ev({
        orderId: 3n,
        ts: at('10:40'),
        side: 2,
        orderType: 4098,
        quantity: 100,
        leaves: 100,
        changeReason: 1,
      }),
      ev({ orderId: 4n, ts: at('11:00'), participantId: 9, quantity: 500, leaves: 500, changeReason: 6 }),
      ev({
        orderId: 4n,
        ts: at('11:01'),
        participantId: 9,
        quantity: 500,
        leaves: 200,
        matched: 300,
        changeReason: 3,
      }),
      ev({
        orderId: 4n,
        ts: at('11:02'),
        participantId: 9,
        quantity: 200,
        leaves: 0,
        matched: 300,
        changeReason: 5,
      }),
    ],
    trades: [
      leg({ orderId: 4n, tradeTime: at('11:01'), price: 3345, quantity: 300, dealSource: 47 }),
      // order 1's legs listed late-first: the output sorts them by trade time
      leg({ orderId: 1n, tradeTime: at('10:07'), price: 3345, quantity: 400, dealSource: 1 }),
      leg({
        orderId: 1n,
        tradeTime: at('10:06'),
        price: 3340,
        quantity: 200,
        dealSource: 47,
        nationalBid: 3330,
        nationalOffer: 3345,
      }),
      leg({ orderId: 2n, tradeTime: at('10:20'), side: 2, price: 3340, quantity: 100, dealSource: 5 }),
    ],
    quotes: [
      quote(at('09:59'), 3330, 3345), // mid 3337.5
      quote(at('10:06:10'), 3340, 3350), // mid 3345
      quote(at('10:06:30'), 3360, 3350), // crossed: ignored
      quote(at('10:06:45'), null, 3350), // INT64_MIN bid: ignored
      quote(at('10:15'), 3330, 3340), // mid 3335
    ],
  };
}

test('orders: every universe order-day, by order id, with in_scope, lifecycle and execution', () => {
  const r = analysePartition(partition(), testConfig());
  assert.equal(r.trading_date, TEST_DATE);
  assert.equal(r.security_code, TEST_SECURITY);
  assert.deepEqual(
    r.orders.map((o) => [o.order_id, o.in_scope, o.is_sweep, o.group]),
    [
      [1n, true, true, 'G2_PARTIALLY_FILLED'],
      [2n, true, true, 'G2_PARTIALLY_FILLED'],
      [3n, true, false, 'G3_NOT_EXECUTED'],
      [4n, true, true, 'G1_FULLY_FILLED'],
      [5n, false, true, 'G3_NOT_EXECUTED'], // 16:05–16:10 misses [10:00, 16:00)
    ],
  );
  const [o1, o2, , o4] = r.orders;
  assert.deepEqual(
    [
      o1.arrival_ts,
      o1.final_ts,
      o1.arrival_price,
      o1.order_size,
      o1.final_matched,
      o1.final_leaves,
      o1.day_matched,
    ],
    [at('10:05'), at('10:10'), 3400, 1000, 600, 400, 600],
  );
  assert.deepEqual([o1.arrival_mid, o1.filled_qty, o1.notional, o1.num_trades], [3337.5, 600, 2_006_000n, 2]);
  assert.deepEqual(
    [o1.dark_filled_qty, o1.lit_filled_qty, o1.auction_filled_qty, o1.offmarket_filled_qty],
    [200, 400, 0, 0],
  );
  assert.deepEqual([o1.time_to_first_fill_ms, o1.execution_duration_ms], [60_000_000_000n, 60_000_000_000n]);
  // see execution.test.ts for the arithmetic
  assertClose(o1.arrival_cost_bps, (3500 / 2_002_500) * 1e4, 'o1 arrival cost');
  assertClose(o1.price_improvement_bps, (-500 / 2_002_500) * 1e4, 'o1 price improvement');
  assertClose(o1.effective_spread_bps, (1000 / 2_002_500) * 1e4, 'o1 effective spread');
  // order 2: reload, day_matched 300 − 200 = 100, size 100 + 200 = 300, benchmark 10:00 -> mid 3337.5
  assert.deepEqual(
    [
      o2.is_reload,
      o2.day_matched,
      o2.order_size,
      o2.benchmark_ts,
      o2.arrival_mid,
      o2.order_type,
      o2.side,
      o2.participant_id,
    ],
    [true, 100, 300, at('10:00'), 3337.5, 2050, 2, 8],
  );
  assertClose(o2.arrival_cost_bps, (-2.5 / 3337.5) * 1e4, 'o2 arrival cost');
  // order 4: matched 300 > quantity 200; size 300 + 0; its leg: mid_asof(11:01) = 3335
  assert.deepEqual(
    [o4.order_size, o4.filled_qty, o4.qty_mismatch, o4.vwap, o4.fill_ratio],
    [300, 300, false, 3345, 1],
  );
});

test('trades: the legs of the written orders, by (order id, trade time), with trade mid and venue', () => {
  const r = analysePartition(partition(), testConfig());
  assert.deepEqual(
    r.trades.map((t) => [t.order_id, t.trade_time, t.trade_mid, t.venue_class]),
    [
      [1n, at('10:06'), 3337.5, 'dark'], // own snapshot
      [1n, at('10:07'), 3345, 'lit'],
      [2n, at('10:20'), 3335, 'offmarket'],
      [4n, at('11:01'), 3335, 'dark'],
    ],
  );
});

test('metrics over the in-scope sweeps (1, 2, 4); simulation = sweeps × A, B, C by (order id, scenario)', () => {
  const r = analysePartition(partition(), testConfig());
  const [g1, g2, g3, all] = r.metrics;
  // G1: order 4: 300 of 300 at 3345
  assert.deepEqual(
    [g1.group, g1.order_count, g1.quantity_traded, g1.total_order_quantity, g1.vwap],
    ['G1_FULLY_FILLED', 1, 300, 300, 3345],
  );
  // G2: orders 1 and 2: 600 + 100 of 1000 + 300; vwap (2_006_000 + 334_000)/700
  assert.deepEqual(
    [g2.order_count, g2.num_partial_fills, g2.quantity_traded, g2.total_order_quantity],
    [2, 2, 700, 1300],
  );
  assert.equal(g2.vwap, 2_340_000 / 700);
  // G3: order 5 is out of hours, order 3 is no sweep: empty
  assert.deepEqual([g3.order_count, g3.vwap, g3.fill_ratio], [0, null, null]);
  // OVERALL: 1000 of 1600; vwap (2_340_000 + 1_003_500)/1000 = 3343.5; fill 1000/1600 = 0.625
  assert.deepEqual(
    [all.order_count, all.num_full_fills, all.num_partial_fills, all.vwap, all.fill_ratio],
    [3, 1, 2, 3343.5, 0.625],
  );

  assert.deepEqual(
    r.simulation.map((s) => `${s.order_id}${s.scenario}`),
    ['1A', '1B', '1C', '2A', '2B', '2C', '4A', '4B', '4C'],
  );
  const [a1, , c1, , b2] = r.simulation;
  assertClose(a1.savings_raw, 3500, 'buy A savings_raw'); // (3343.333… − 3337.5)·600
  assertClose(c1.savings_raw, 2999.375, 'buy C savings_raw'); // (3343.333… − 3338.334375)·600
  assertClose(b2.savings_raw, -150, 'sell B savings_raw'); // −(3340 − 3338.5)·100
  assert.equal(b2.savings_money, -0.15); // −150 / price scale 1000
  assert.deepEqual(r.matches, []);
});

test('hours filter disabled: the 16:05 sweep becomes a subject, still benchmarked at its arrival', () => {
  const r = analysePartition(partition(), testConfig({ hoursEnabled: false }));
  assert.deepEqual(
    r.orders.map((o) => o.in_scope),
    [true, true, true, true, true],
  );
  assert.equal(r.metrics[2].order_count, 1, 'order 5 in G3');
  assert.equal(r.metrics[3].order_count, 4);
  // order 2 is still benchmarked at the 10:00 start
  assert.equal(r.orders[1].benchmark_ts, at('10:00'));
  assert.equal(r.orders[4].benchmark_ts, at('16:05'));
  assert.deepEqual(
    r.simulation.filter((s) => s.order_id === 5n).map((s) => [s.scenario, s.sim_filled_qty, s.savings_raw]),
    // mid_asof(16:05) = 3335; nothing really filled: no savings; B dark floor(0.5·50) = 25, lit min(25, 0) = 0
    [
      ['A', 50, null],
      ['B', 25, null],
      ['C', 25, null],
    ],
  );
});

test('participant filter: only participant 7 in scope; every order-day still written', () => {
  const r = analysePartition(partition(), testConfig({ participantIds: [7] }));
  assert.deepEqual(
    r.orders.map((o) => [o.order_id, o.in_scope]),
    [
      [1n, true],
      [2n, false],
      [3n, true],
      [4n, false],
      [5n, false],
    ],
  );
  assert.equal(r.trades.length, 4, 'legs of out-of-scope orders are written too');
  assert.deepEqual(
    r.simulation.map((s) => `${s.order_id}${s.scenario}`),
    ['1A', '1B', '1C'],
  );
  assert.equal(r.metrics[3].order_count, 1);
});

test('subjects all: the in-scope non-sweep gets A, B, C rows and joins the metrics', () => {
  const r = analysePartition(partition(), testConfig({ subjects: 'all' }));
  assert.deepEqual(
    r.simulation
      .filter((s) => s.order_id === 3n)
      .map((s) => [s.scenario, s.is_sweep, s.mid, s.sim_filled_qty]),
    // mid_asof(10:30) = 3335; size 100: A 100, B/C dark 50 + lit min(50, 0)
    [
      ['A', false, 3335, 100],
      ['B', false, 3335, 50],
      ['C', false, 3335, 50],
    ],
  );
  assert.equal(r.metrics[2].order_count, 1, 'order 3 in G3');
  assert.equal(r.metrics[3].order_count, 4);
});

test('no quote before the benchmark: arrival mid empty and A/B/C rows no_mid', () => {
  const data = partition();
  data.quotes = [];
  data.trades = data.trades.map((t) => ({ ...t, nationalBid: null, nationalOffer: null }));
  const r = analysePartition(data, testConfig());
  assert.equal(r.orders[0].arrival_mid, null);
  assert.equal(r.orders[0].arrival_cost_bps, null);
  assert.equal(r.orders[0].legs_without_mid, 2);
  assert.ok(
    r.simulation.length === 9 &&
      r.simulation.every((s) => s.status === 'no_mid' && s.sim_filled_qty === null),
  );
});

test('R: sweeps replayed against live contras; R rows after A, B, C; matches by time', () => {
  const data: PartitionData = {
    day: TEST_DAY,
    securityCode: TEST_SECURITY,
    orders: [
      // buy sweep 11: 10:05–10:10, 100 really filled at 10:08, cancelled with 900 left: size 1000
      ev({ orderId: 11n, ts: at('10:05'), quantity: 1000, leaves: 1000, changeReason: 6 }),
      ev({ orderId: 11n, ts: at('10:08'), quantity: 1000, leaves: 900, matched: 100, changeReason: 3 }),
      ev({ orderId: 11n, ts: at('10:10'), quantity: 1000, leaves: 900, matched: 100, changeReason: 1 }),
      // sell Centre Point order 12, resting since 10:00:30 with 300 at limit 3300
      ev({
        orderId: 12n,
        ts: at('10:00:30'),
        side: 2,
        orderType: 64,
        price: 3300,
        quantity: 300,
        leaves: 300,
        changeReason: 6,
      }),
      // sell block 13 arrives at 10:06 with 500, market
      ev({
        orderId: 13n,
        ts: at('10:06'),
        side: 2,
        orderType: 4096,
        quantity: 500,
        leaves: 500,
        changeReason: 6,
      }),
    ],
    trades: [leg({ orderId: 11n, tradeTime: at('10:08'), price: 3345, quantity: 100, dealSource: 1 })],
    quotes: [quote(at('09:59'), 3330, 3345), quote(at('10:05:30'), 3340, 3350)], // mids 3337.5, then 3345
  };
  const r = analysePartition(data, testConfig({ scenarios: ['A', 'B', 'C', 'R'] }));
  // at arrival 10:05: 300 from 12 at 3337.5; at 13's arrival 10:06: 500 at 3345
  assert.deepEqual(
    r.matches.map((m) => [m.sweep_order_id, m.contra_order_id, m.ts, m.qty, m.price]),
    [
      [11n, 12n, at('10:05'), 300, 3337.5],
      [11n, 13n, at('10:06'), 500, 3345],
    ],
  );
  assert.deepEqual(
    r.simulation.map((s) => `${s.order_id}${s.scenario}`),
    ['11A', '11B', '11C', '11R'],
  );
  const rRow = r.simulation[3];
  // sim_vwap (300·3337.5 + 500·3345)/800 = (1_001_250 + 1_672_500)/800 = 3342.1875
  // gain 3345 − 3342.1875 = 2.8125; raw 2.8125·min(100, 800) = 281.25; money 0.28125
  assert.deepEqual(
    [rRow.mid, rRow.sim_filled_qty, rRow.sim_vwap, rRow.sim_fill_ratio],
    [3337.5, 800, 3342.1875, 0.8],
  );
  assertClose(rRow.savings_raw, 281.25, 'R savings_raw');
  assertClose(rRow.savings_bps, (2.8125 / 3337.5) * 1e4, 'R savings_bps');
  assertClose(rRow.savings_money, 0.28125, 'R savings_money');
});
