import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, csvHeader, csvRecord, formatNsAsMs } from '../../src/output/csv-format.js';
import { parseCsvRecord } from '../../src/output/csv-parse.js';
import { ORDERS_SCHEMA, TRADES_SCHEMA } from '../../src/output/schemas.js';
import { orderRow, samplePartition, tradeRow } from './sample-result.js';

test('nanoseconds print as exact milliseconds', () => {
  assert.equal(formatNsAsMs(1_500_000n), '1.5');
  assert.equal(formatNsAsMs(1n), '0.000001');
  assert.equal(formatNsAsMs(0n), '0');
  assert.equal(formatNsAsMs(2_000_000n), '2');
  assert.equal(formatNsAsMs(-1_500_000n), '-1.5');
  assert.equal(formatNsAsMs(-1n), '-0.000001');
  // 2^63 - 1 ns = 9223372036854.775807 ms: exact beyond what a double holds
  assert.equal(formatNsAsMs(9_223_372_036_854_775_807n), '9223372036854.775807');
});

test('fields are quoted only when they need it', () => {
  assert.equal(csvField('dark'), 'dark');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.deepEqual(parseCsvRecord('x,"a,b","say ""hi""",'), ['x', 'a,b', 'say "hi"', '']);
});

test('an order row: exact ids above 2^53, ms, booleans, nulls as empty fields', () => {
  const [filled, empty] = samplePartition().orders;
  const header = csvHeader(ORDERS_SCHEMA).trimEnd().split(',');
  assert.deepEqual(header.slice(0, 4), ['trading_date', 'security_code', 'order_id', 'participant_id']);
  assert.equal(header[header.length - 1], 'in_scope');
  const cell = (row: typeof filled, name: string) =>
    parseCsvRecord(csvRecord(ORDERS_SCHEMA, row).trimEnd())[header.indexOf(name)];
  assert.equal(cell(filled, 'order_id'), '9007199254740993');
  assert.equal(cell(empty, 'order_id'), '18446744073709551615');
  assert.equal(cell(filled, 'time_to_first_fill_ms'), '1.5');
  assert.equal(cell(filled, 'execution_duration_ms'), '2998.5');
  assert.equal(cell(filled, 'arrival_mid'), '3337.5');
  assert.equal(cell(filled, 'notional'), '668000');
  assert.equal(cell(filled, 'is_sweep'), 'true');
  assert.equal(cell(filled, 'qty_mismatch'), 'false');
  assert.equal(cell(filled, 'arrival_ts'), '1725496200000000000');
  assert.equal(cell(empty, 'participant_id'), '');
  assert.equal(cell(empty, 'vwap'), '');
  assert.equal(cell(empty, 'time_to_first_fill_ms'), '');
  assert.equal(cell(orderRow({ order_id: 1n, fill_ratio: 1 / 3 }), 'fill_ratio'), '0.3333333333333333');
});

test('a trade row in schema order', () => {
  const line = csvRecord(TRADES_SCHEMA, tradeRow({ order_id: 42n }));
  assert.equal(
    line,
    '2024-09-05,110621,42,1725496200001500000,3340,100,1,47,7,3330,3345,9007199254740993,3337.5,dark\n',
  );
});
