import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOrderDays } from '../../src/analysis/order-days.js';
import { TradingCalendar } from '../../src/time/trading-calendar.js';
import { at, ev, TEST_DAY, testConfig } from './analysis-test-rows.js';

const calendar = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });
const selection = (o: Parameters<typeof testConfig>[0] = {}) => testConfig(o).dataSelection;

test('events are grouped by order and sorted by (ts, sequence, file order); order-days by order id', () => {
  const days = buildOrderDays(
    [
      ev({ orderId: 20n, ts: at('10:10'), matched: 0, leaves: 100, changeReason: 1 }),
      ev({ orderId: 10n, ts: at('10:05'), sequence: 5n, leaves: 50, matched: 50, changeReason: 3 }),
      ev({ orderId: 10n, ts: at('10:05'), sequence: 4n, leaves: 100, changeReason: 6 }),
      ev({ orderId: 20n, ts: at('10:01'), leaves: 100, changeReason: 6 }),
      // same ts and sequence: file order decides, and this row comes later in the file
      ev({ orderId: 10n, ts: at('10:05'), sequence: 5n, leaves: 50, matched: 50, changeReason: 1 }),
    ],
    TEST_DAY,
    calendar,
    selection(),
  );
  assert.deepEqual(
    days.map((d) => d.orderId),
    [10n, 20n],
  );
  assert.deepEqual(
    days[0].events.map((e) => [e.sequence, e.changeReason]),
    [
      [4n, 6],
      [5n, 3],
      [5n, 1],
    ],
  );
  assert.equal(days[0].arrival.changeReason, 6);
  assert.equal(days[0].final.changeReason, 1);
  assert.equal(days[1].arrival.ts, at('10:01'));
  assert.equal(days[1].final.ts, at('10:10'));
});

test('groups: G1 fully filled, G2 partially filled, G3 not executed; order_size = day_matched + final leaves', () => {
  const days = buildOrderDays(
    [
      ev({ orderId: 1n, ts: at('10:01'), quantity: 100, leaves: 100 }),
      ev({ orderId: 1n, ts: at('10:02'), quantity: 100, leaves: 0, matched: 100 }), // G1, size 100 + 0
      ev({ orderId: 2n, ts: at('10:01'), quantity: 100, leaves: 100 }),
      ev({ orderId: 2n, ts: at('10:02'), quantity: 100, leaves: 60, matched: 40 }), // G2, size 40 + 60
      ev({ orderId: 3n, ts: at('10:01'), quantity: 100, leaves: 100 }),
      ev({ orderId: 3n, ts: at('10:02'), quantity: 100, leaves: 100, changeReason: 1 }), // G3, size 0 + 100
    ],
    TEST_DAY,
    calendar,
    selection(),
  );
  assert.deepEqual(
    days.map((d) => [d.group, d.dayMatched, d.orderSize]),
    [
      ['G1_FULLY_FILLED', 100, 100],
      ['G2_PARTIALLY_FILLED', 40, 100],
      ['G3_NOT_EXECUTED', 0, 100],
    ],
  );
});

test('an amended order with matched > quantity: order_size uses matched + leaves, not quantity', () => {
  const [d] = buildOrderDays(
    [
      ev({ orderId: 1n, ts: at('11:00'), quantity: 500, leaves: 500, changeReason: 6 }),
      ev({ orderId: 1n, ts: at('11:01'), quantity: 500, leaves: 200, matched: 300, changeReason: 3 }),
      // amended down to 200 after 300 already traded
      ev({ orderId: 1n, ts: at('11:02'), quantity: 200, leaves: 0, matched: 300, changeReason: 5 }),
    ],
    TEST_DAY,
    calendar,
    selection(),
  );
  // day_matched 300, order_size = 300 + 0 = 300
  assert.equal(d.dayMatched, 300);
  assert.equal(d.orderSize, 300);
  assert.equal(d.group, 'G1_FULLY_FILLED');
});

test('a reload (change reason 30) carries earlier fills: day_matched excludes them; benchmark at 10:00', () => {
  const [d] = buildOrderDays(
    [
      // reloaded at 19:30 the evening before: trading date 2024-09-05 (after the 19:00 cutoff)
      ev({
        orderId: 1n,
        ts: at('19:30', -1),
        side: 2,
        quantity: 500,
        leaves: 300,
        matched: 200,
        changeReason: 30,
      }),
      ev({
        orderId: 1n,
        ts: at('10:20'),
        side: 2,
        quantity: 500,
        leaves: 200,
        matched: 300,
        changeReason: 3,
      }),
      ev({
        orderId: 1n,
        ts: at('16:30'),
        side: 2,
        quantity: 500,
        leaves: 200,
        matched: 300,
        changeReason: 24,
      }),
    ],
    TEST_DAY,
    calendar,
    selection(),
  );
  // day_matched = 300 - 200 = 100; order_size = 100 + 200 = 300
  assert.equal(d.isReload, true);
  assert.equal(d.dayMatched, 100);
  assert.equal(d.orderSize, 300);
  assert.equal(d.group, 'G2_PARTIALLY_FILLED');
  // max(19:30 the evening before, 10:00) = 10:00 = 1_725_494_400 s
  assert.equal(d.benchmarkTs, 1_725_494_400_000_000_000n);
  assert.equal(d.side, 2);
});

test('without a reload, final.matched is the day matched quantity and benchmark_ts is the arrival after 10:00', () => {
  const [d] = buildOrderDays(
    [
      ev({ orderId: 1n, ts: at('10:30'), leaves: 100, matched: 0, changeReason: 6 }),
      ev({ orderId: 1n, ts: at('10:31'), leaves: 0, matched: 100, changeReason: 3 }),
    ],
    TEST_DAY,
    calendar,
    selection(),
  );
  assert.equal(d.isReload, false);
  assert.equal(d.dayMatched, 100);
  assert.equal(d.benchmarkTs, at('10:30'));
});

test('benchmark_ts uses the 10:00 start also when the hours filter is disabled', () => {
  const [d] = buildOrderDays(
    [ev({ orderId: 1n, ts: at('08:00'), leaves: 10 }), ev({ orderId: 1n, ts: at('08:30'), leaves: 10 })],
    TEST_DAY,
    calendar,
    selection({ hoursEnabled: false }),
  );
  assert.equal(d.benchmarkTs, at('10:00'));
  assert.equal(d.inScope, true, 'hours disabled: a pre-open life is in scope');
});

test('sweep bit: 2050 (sweep + short sell) is a sweep, 4098 (block + short sell) is not', () => {
  const days = buildOrderDays(
    [
      ev({ orderId: 1n, ts: at('10:01'), orderType: 2050 }),
      ev({ orderId: 2n, ts: at('10:01'), orderType: 4098 }),
    ],
    TEST_DAY,
    calendar,
    selection(),
  );
  assert.deepEqual(
    days.map((d) => [d.orderType, d.isSweep]),
    [
      [2050, true],
      [4098, false],
    ],
  );
});

test('trading hours: the life [arrival, final] must meet [10:00, 16:00)', () => {
  const lives: [string, string][] = [
    ['09:00', '09:59:59'], // ends before the open: out
    ['09:00', '10:00'], // touches the open: in (start is inclusive)
    ['15:59:59', '17:00'], // starts before the close: in
    ['16:00', '17:00'], // starts at the close: out (end is exclusive)
    ['09:00', '17:00'], // spans the session: in
  ];
  const events = lives.flatMap(([a, f], i) => [
    ev({ orderId: BigInt(i + 1), ts: at(a) }),
    ev({ orderId: BigInt(i + 1), ts: at(f) }),
  ]);
  const enabled = buildOrderDays(events, TEST_DAY, calendar, selection());
  assert.deepEqual(
    enabled.map((d) => d.inScope),
    [false, true, true, false, true],
  );
  const disabled = buildOrderDays(events, TEST_DAY, calendar, selection({ hoursEnabled: false }));
  assert.deepEqual(
    disabled.map((d) => d.inScope),
    [true, true, true, true, true],
  );
});

test('participant filter: empty selects all; otherwise only the listed ids (a missing id is not selected)', () => {
  const events = [
    ev({ orderId: 1n, ts: at('10:01'), participantId: 7 }),
    ev({ orderId: 2n, ts: at('10:01'), participantId: 9 }),
    ev({ orderId: 3n, ts: at('10:01'), participantId: null }),
  ];
  assert.deepEqual(
    buildOrderDays(events, TEST_DAY, calendar, selection()).map((d) => d.inScope),
    [true, true, true],
  );
  assert.deepEqual(
    buildOrderDays(events, TEST_DAY, calendar, selection({ participantIds: [9] })).map((d) => d.inScope),
    [false, true, false],
  );
});
