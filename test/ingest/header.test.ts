import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldType, headerCells, planColumns } from '../../src/ingest/header.js';
import { NBBO } from '../../src/store/record-layout.js';

test('header cells: BOM stripped, spaces trimmed, case folded, quotes honoured', () => {
  assert.deepEqual(headerCells('\uFEFF OrderBookId ,"Time, stamp",BidPrice'), [
    'orderbookid',
    'time, stamp',
    'bidprice',
  ]);
});

test('planColumns maps header positions to types and slots; extra columns are skipped', () => {
  const plan = planColumns(
    'nbbo',
    'partition, OrderBookID,BIDPRICE ,creationtime,offerprice,timestamp',
    'q.csv',
    {},
  );
  assert.equal(plan.fieldCount, 6);
  assert.deepEqual(plan.types, [
    FieldType.skip,
    FieldType.uint32,
    FieldType.quote,
    FieldType.skip,
    FieldType.quote,
    FieldType.timestamp,
  ]);
  assert.equal(plan.slots[1], NBBO.securityCode);
  assert.equal(plan.slots[5], NBBO.tsHigh);
  assert.deepEqual(plan.absentSlots, []);
  // the keep-or-filter decision needs orderbookid (1) and timestamp (5)
  assert.equal(plan.filterField, 5);
});

test('config.columns renames a logical column', () => {
  const plan = planColumns('nbbo', 'book,timestamp,bidprice,offerprice', 'q.csv', { security_code: 'Book' });
  assert.equal(plan.types[0], FieldType.uint32);
  assert.equal(plan.names[0], 'security_code');
});

test('a missing required column names the file, the column and the header found', () => {
  assert.throws(
    () => planColumns('nbbo', 'orderbookid,timestamp,bidprice', '/data/q.csv', {}),
    (e: Error) =>
      e.message ===
      '/data/q.csv: required column "offerprice" not found in header: orderbookid,timestamp,bidprice',
  );
});

test('absent optional columns become null slots (both halves of a 64-bit column)', () => {
  const plan = planColumns('trades', 'orderid,tradetime,securitycode,tradeprice,quantity,side', 't.csv', {});
  // tradeDate 8, dealSource 9, participantId 10, nationalBid 11, nationalOffer 12, mgHigh 13, mgLow 14
  assert.deepEqual(
    [...plan.absentSlots].sort((a, b) => a - b),
    [8, 9, 10, 11, 12, 13, 14],
  );
});
