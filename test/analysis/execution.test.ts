import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bigintRatio, executionOf, tradeResultOf, venueClassOf } from '../../src/analysis/execution.js';
import { buildOrderDays } from '../../src/analysis/order-days.js';
import { QuoteStream } from '../../src/analysis/quote-stream.js';
import type { NbboQuote, OrderEvent, TradeLeg } from '../../src/model/rows.js';
import { TradingCalendar } from '../../src/time/trading-calendar.js';
import { assertClose, at, ev, leg, quote, TEST_DATE, TEST_DAY, testConfig } from './analysis-test-rows.js';

const calendar = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });

function run(events: OrderEvent[], legs: TradeLeg[], nbbo: NbboQuote[], hasDealSource = true) {
  const [day] = buildOrderDays(events, TEST_DAY, calendar, testConfig().dataSelection);
  const quotes = QuoteStream.build(events, legs, nbbo);
  return { x: executionOf(day, legs, quotes.midAsof(day.benchmarkTs), quotes, hasDealSource), quotes, day };
}

// quotes shared by the buy and sell cases
const nbbo = [
  quote(at('09:59'), 3330, 3345), // mid 3337.5
  quote(at('10:06:10'), 3340, 3350), // mid 3345
  quote(at('10:06:30'), 3360, 3350), // crossed: ignored
  quote(at('10:06:45'), null, 3350), // INT64_MIN bid: ignored
  quote(at('10:15'), 3330, 3340), // mid 3335
];

test('buy: quantities, notional, vwap, timing, venues and bps against a half-unit arrival mid', () => {
  const id = 1n;
  const events = [
    ev({ orderId: id, ts: at('10:05'), quantity: 1000, leaves: 1000, changeReason: 6 }),
    ev({ orderId: id, ts: at('10:07'), quantity: 1000, leaves: 400, matched: 600, changeReason: 3 }),
    ev({ orderId: id, ts: at('10:10'), quantity: 1000, leaves: 400, matched: 600, changeReason: 1 }),
  ];
  const legs = [
    // own snapshot 3330/3345: trade mid 3337.5
    leg({
      orderId: id,
      tradeTime: at('10:06'),
      price: 3340,
      quantity: 200,
      dealSource: 47,
      nationalBid: 3330,
      nationalOffer: 3345,
    }),
    // no snapshot: mid_asof(10:07) = 3345 (the crossed and sentinel quotes after 10:06:10 are ignored)
    leg({ orderId: id, tradeTime: at('10:07'), price: 3345, quantity: 400, dealSource: 1 }),
  ];
  const { x, day } = run(events, legs, nbbo);
  assert.equal(day.benchmarkTs, at('10:05'));
  assert.equal(x.filledQty, 600);
  // 200·3340 + 400·3345 = 668_000 + 1_338_000
  assert.equal(x.notional, 2_006_000n);
  assertClose(x.vwap, 2_006_000 / 600, 'vwap'); // 3343.333…
  assert.equal(x.numTrades, 2);
  assert.equal(x.firstFillTs, at('10:06'));
  assert.equal(x.lastFillTs, at('10:07'));
  assert.equal(x.timeToFirstFillNs, 60_000_000_000n); // 10:05 -> 10:06
  assert.equal(x.executionDurationNs, 60_000_000_000n); // 10:06 -> 10:07
  assert.deepEqual([x.darkQty, x.litQty, x.auctionQty, x.offmarketQty], [200, 400, 0, 0]);
  assert.equal(x.fillRatio, 0.6); // 600 / 1000
  assert.equal(x.qtyMismatch, false);
  // (vwap − 3337.5)/3337.5·1e4 = (2_006_000 − 600·3337.5)/(600·3337.5)·1e4 = 3500/2_002_500·1e4
  assertClose(x.arrivalCostBps, (3500 / 2_002_500) * 1e4, 'arrival cost'); // 17.4781…
  // leg 1: (3337.5 − 3340)/3337.5 = −2.5/3337.5; leg 2: (3345 − 3345)/3345 = 0
  // (200·−2.5/3337.5 + 400·0)/600·1e4 = −500/2_002_500·1e4
  assertClose(x.priceImprovementBps, (-500 / 2_002_500) * 1e4, 'price improvement'); // −2.4968…
  // leg 1: 2·2.5/3337.5; leg 2: 0 -> 200·5/3337.5/600·1e4 = 1000/2_002_500·1e4
  assertClose(x.effectiveSpreadBps, (1000 / 2_002_500) * 1e4, 'effective spread'); // 4.9937…
  assert.equal(x.legsWithoutMid, 0);
});

test('sell reloaded the evening before: benchmark at 10:00, signed bps, offmarket venue', () => {
  const id = 2n;
  const events = [
    ev({
      orderId: id,
      ts: at('19:30', -1),
      side: 2,
      orderType: 2050,
      quantity: 500,
      leaves: 300,
      matched: 200,
      changeReason: 30,
    }),
    ev({
      orderId: id,
      ts: at('10:20'),
      side: 2,
      orderType: 2050,
      quantity: 500,
      leaves: 200,
      matched: 300,
      changeReason: 3,
    }),
    ev({
      orderId: id,
      ts: at('16:30'),
      side: 2,
      orderType: 2050,
      quantity: 500,
      leaves: 200,
      matched: 300,
      changeReason: 24,
    }),
  ];
  const legs = [
    leg({ orderId: id, tradeTime: at('10:20'), side: 2, price: 3340, quantity: 100, dealSource: 5 }),
  ];
  const { x, quotes, day } = run(events, legs, nbbo);
  assert.equal(quotes.midAsof(day.benchmarkTs), 3337.5, 'arrival mid at 10:00');
  assert.equal(x.filledQty, 100);
  assert.equal(x.notional, 334_000n);
  assert.equal(x.vwap, 3340);
  assert.equal(x.timeToFirstFillNs, 1_200_000_000_000n); // 10:00 -> 10:20 = 1200 s
  assert.equal(x.executionDurationNs, 0n);
  assert.deepEqual([x.darkQty, x.litQty, x.auctionQty, x.offmarketQty], [0, 0, 0, 100]);
  // day_matched 100 / order_size 300
  assert.equal(x.fillRatio, 100 / 300);
  assert.equal(x.qtyMismatch, false);
  // s = −1: −(3340 − 3337.5)/3337.5·1e4 = −7.4906…
  assertClose(x.arrivalCostBps, (-2.5 / 3337.5) * 1e4, 'arrival cost');
  // trade mid = mid_asof(10:20) = 3335: −(3335 − 3340)/3335·1e4 = +14.9925…
  assertClose(x.priceImprovementBps, (5 / 3335) * 1e4, 'price improvement');
  // 2·|3340 − 3335|/3335·1e4 = 29.985…
  assertClose(x.effectiveSpreadBps, (10 / 3335) * 1e4, 'effective spread');
});

test('an order without trades: zero quantities, null prices and times (G3)', () => {
  const events = [
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
  ];
  const { x, day } = run(events, [], nbbo);
  assert.equal(day.group, 'G3_NOT_EXECUTED');
  assert.equal(x.filledQty, 0);
  assert.equal(x.notional, 0n);
  assert.deepEqual(
    [x.vwap, x.firstFillTs, x.lastFillTs, x.timeToFirstFillNs, x.executionDurationNs],
    [null, null, null, null, null],
  );
  assert.deepEqual([x.arrivalCostBps, x.priceImprovementBps, x.effectiveSpreadBps], [null, null, null]);
  assert.equal(x.fillRatio, 0); // 0 / 100
  assert.equal(x.qtyMismatch, false);
  assert.equal(x.numTrades, 0);
});

test('qty_mismatch is reported when Σ leg quantity differs from day_matched', () => {
  const events = [
    ev({ orderId: 4n, ts: at('10:30'), leaves: 100 }),
    ev({ orderId: 4n, ts: at('10:31'), leaves: 0, matched: 100, changeReason: 3 }),
  ];
  const { x } = run(events, [leg({ orderId: 4n, tradeTime: at('10:31'), price: 3340, quantity: 60 })], nbbo);
  assert.equal(x.filledQty, 60);
  assert.equal(x.qtyMismatch, true);
});

test('a fill before the benchmark has no time_to_first_fill; legs without any mid are counted and left out', () => {
  const events = [ev({ orderId: 5n, ts: at('09:00'), leaves: 0, matched: 30, changeReason: 3 })];
  const legs = [
    leg({ orderId: 5n, tradeTime: at('09:30'), price: 3300, quantity: 10, dealSource: 20 }), // no quote yet: no mid
    leg({ orderId: 5n, tradeTime: at('10:20'), price: 3340, quantity: 20, dealSource: 52 }), // mid 3335
  ];
  const { x } = run(events, legs, nbbo);
  assert.equal(x.timeToFirstFillNs, null, '09:30 is before the 10:00 benchmark');
  assert.equal(x.executionDurationNs, 3_000_000_000_000n); // 09:30 -> 10:20 = 3000 s
  assert.equal(x.legsWithoutMid, 1);
  // only the second leg: (3335 − 3340)/3335·1e4 and 2·5/3335·1e4
  assertClose(x.priceImprovementBps, (-5 / 3335) * 1e4, 'price improvement');
  assertClose(x.effectiveSpreadBps, (10 / 3335) * 1e4, 'effective spread');
  assert.deepEqual([x.darkQty, x.litQty, x.auctionQty, x.offmarketQty], [20, 0, 10, 0]);
});

test('without a deal source column all four venue quantities and venue_class are null', () => {
  const events = [ev({ orderId: 6n, ts: at('10:30'), leaves: 0, matched: 10, changeReason: 3 })];
  const legs = [leg({ orderId: 6n, tradeTime: at('10:30'), price: 3340, quantity: 10 })];
  const { x, quotes } = run(events, legs, nbbo, false);
  assert.deepEqual([x.darkQty, x.litQty, x.auctionQty, x.offmarketQty], [null, null, null, null]);
  assert.equal(tradeResultOf(legs[0], TEST_DATE, quotes, false).venue_class, null);
});

test('venue classes by deal source', () => {
  assert.deepEqual([46, 47, 52, 20, 45, 3, 6, 1, 44, 53, null].map(venueClassOf), [
    'dark',
    'dark',
    'dark',
    'auction',
    'auction',
    'offmarket',
    'offmarket',
    'lit',
    'lit',
    'lit',
    'lit',
  ]);
});

test('trade rows carry the leg, its trade mid (own snapshot first) and venue', () => {
  const quotes = QuoteStream.build([], [], nbbo);
  const own = leg({
    orderId: 9n,
    tradeTime: at('10:20'),
    price: 3340,
    quantity: 5,
    dealSource: 47,
    nationalBid: 3338,
    nationalOffer: 3341,
    matchGroupId: 77n,
  });
  const r = tradeResultOf(own, TEST_DATE, quotes, true);
  // own snapshot (3338 + 3341)/2 = 3339.5 beats mid_asof = 3335
  assert.equal(r.trade_mid, 3339.5);
  assert.equal(r.venue_class, 'dark');
  assert.deepEqual(
    [r.order_id, r.trade_time, r.trade_price, r.quantity, r.match_group_id],
    [9n, at('10:20'), 3340, 5, 77n],
  );
  const crossedSnapshot = { ...own, nationalBid: 3345, nationalOffer: 3341 };
  assert.equal(
    tradeResultOf(crossedSnapshot, TEST_DATE, quotes, true).trade_mid,
    3335,
    'invalid snapshot: mid_asof',
  );
});

test('notional stays exact above 2^53 and vwap is the nearest double', () => {
  // 9_000_000 · 2_000_000_000 = 1.8e16 > 2^53 ≈ 9.007e15, twice: 3.6e16 + 1·1 = 36_000_000_000_000_001
  const events = [ev({ orderId: 8n, ts: at('10:30'), leaves: 0, matched: 4_000_000_001, changeReason: 3 })];
  const legs = [
    leg({ orderId: 8n, tradeTime: at('10:30'), price: 9_000_000, quantity: 2_000_000_000 }),
    leg({ orderId: 8n, tradeTime: at('10:31'), price: 9_000_000, quantity: 2_000_000_000 }),
    leg({ orderId: 8n, tradeTime: at('10:32'), price: 1, quantity: 1 }),
  ];
  const { x } = run(events, legs, []);
  assert.equal(x.notional, 36_000_000_000_000_001n);
  // 36_000_000_000_000_001 / 4_000_000_001 = 8_999_999.99775000025…; the nearest double prints as 8999999.997750001
  // (Python: float(Fraction(36000000000000001, 4000000001))), while Number(notional) / qty rounds twice to 8999999.99775
  assert.equal(x.vwap, 8_999_999.997750001);
  assert.equal(bigintRatio(7n, 2), 3.5);
});
