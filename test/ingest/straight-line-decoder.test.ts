/**
 * The generated decoder for plain rows: exact records for plain rows, UNSETTLED for every shape
 * it leaves to LineDecoder's general loop, the filter asked only once the filter field has ended
 * at its separator, and one compiled function per distinct plan.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planColumns } from '../../src/ingest/header.js';
import { DECODED, FILTERED, LineDecoder, type RowFilter } from '../../src/ingest/line-decoder.js';
import { straightLineDecoder, UNSETTLED } from '../../src/ingest/straight-line-decoder.js';
import { wordViewOf } from '../../src/ingest/word-scan.js';
import { NBBO, ORDER, TRADE } from '../../src/store/record-layout.js';
import { ORDERS_HEADER } from './fixtures.js';

const UNTOUCHED = -7;
const ordersPlan = () => planColumns('orders', ORDERS_HEADER, 'orders.csv', undefined);
const KEEP: RowFilter = { filtered: () => false };

// ORDERS_HEADER: order_id, timestamp, security_code, price, side, quantity, leavesquantity,
// totalmatchedquantity, exchangeordertype (the filter field, index 8), participantid, sequence,
// changereason, national_bid, national_offer, minimumquantity, midtick
const PLAIN = [
  '7901232681961407641',
  '1727730005281097593',
  '110635',
  '4385',
  '2',
  '1106',
  '1106',
  '0',
  '2048',
  '67',
  '3000007',
  '6',
  '4385',
  '4395',
  '0',
  '2',
];
const plainRow = (patch: Record<number, string> = {}) => PLAIN.map((f, i) => patch[i] ?? f).join(',');

function run(line: string, filter: RowFilter = KEEP): { status: number; record: number[] } {
  const buf = Buffer.from(`${line}\n`, 'latin1');
  const out = new Float64Array(ORDER.SLOTS).fill(UNTOUCHED);
  const status = straightLineDecoder(ordersPlan())(buf, wordViewOf(buf), 0, buf.length - 1, out, 0, filter);
  return { status, record: [...out] };
}

test('a plain order row decodes into exact slots', () => {
  const got = run(plainRow());
  assert.equal(got.status, DECODED);
  // 7901232681961407641 = 7901232681 * 1e9 + 961407641; the timestamp likewise;
  // sequence 3000007 has 7 digits: high 0, low 3000007; fileOrder is the router's
  const want = [
    7_901_232_681,
    961_407_641,
    1_727_730_005,
    281_097_593,
    110_635,
    4385,
    2,
    1106,
    1106,
    0,
    2048,
    67,
    0,
    3_000_007,
    6,
    4385,
    4395,
    0,
    2,
    UNTOUCHED,
  ];
  assert.deepEqual(got.record, want);
});

test('empty optional fields are null; an empty required field is left to the general loop', () => {
  const got = run(plainRow({ 10: '', 12: '', 15: '' }));
  assert.equal(got.status, DECODED);
  assert.deepEqual(
    [ORDER.seqHigh, ORDER.seqLow, ORDER.nationalBid, ORDER.midtick].map((slot) => got.record[slot]),
    [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
  );
  assert.equal(run(plainRow({ 3: '' })).status, UNSETTLED, 'price is required');
});

test('every shape that is not plain is UNSETTLED', () => {
  const shapes: [string, string][] = [
    ['a quoted planned field', plainRow({ 3: '"4385"' })],
    ['a negative value', plainRow({ 12: '-5' })],
    ['a sign', plainRow({ 3: '+4385' })],
    ['a space in a number', plainRow({ 3: '43 85' })],
    ['a 10-digit id', plainRow({ 0: '1234567890' })],
    ['an 18-digit id', plainRow({ 0: '123456789012345678' })],
    ['a 20-digit id', plainRow({ 0: '18446744073709551615' })],
    ['a timestamp above INT64_MAX', plainRow({ 1: '9223372036854775808' })],
    ['16 digits in a small field', plainRow({ 5: '1000000000000000' })],
    ['a security code of 2^32', plainRow({ 2: '4294967296' })],
    ['side 3', plainRow({ 4: '3' })],
    ['a CR in a field', plainRow({ 9: '6\r7' })],
    ['too few fields', PLAIN.slice(0, 15).join(',')],
    ['too many fields', `${plainRow()},1`],
    ['a trailing comma', `${plainRow()},`],
  ];
  for (const [what, line] of shapes) assert.equal(run(line).status, UNSETTLED, what);
});

test('unplanned fields are walked over, spaces and all; quotes in them are not plain', () => {
  const plan = planColumns('nbbo', 'orderbookid,note,timestamp,bidprice,offerprice', 'n.csv', undefined);
  const decode = straightLineDecoder(plan);
  const status = (line: string) => {
    const buf = Buffer.from(`${line}\n`, 'latin1');
    return decode(buf, wordViewOf(buf), 0, buf.length - 1, new Float64Array(NBBO.SLOTS), 0, KEEP);
  };
  assert.equal(status('110635,Rest of Day!,1727730005281097593,4385,4395'), DECODED);
  assert.equal(status('110635,,1727730005281097593,4385,4395'), DECODED);
  assert.equal(status('110635,"Rest, of Day",1727730005281097593,4385,4395'), UNSETTLED);
  assert.equal(status('110635,Rest"of,1727730005281097593,4385,4395'), UNSETTLED);
});

test('the filter is asked once the filter field has ended at its separator', () => {
  let calls = 0;
  const drop: RowFilter = {
    filtered: () => {
      calls++;
      return true;
    },
  };
  // a defect after the filter field does not matter to a filtered row
  assert.equal(run(plainRow({ 12: '"x' }), drop).status, FILTERED);
  assert.equal(calls, 1);
  // order_type "2048x" does not end at a comma: not plain, and the filter is not asked
  assert.equal(run(plainRow({ 8: '2048x' }), drop).status, UNSETTLED);
  assert.equal(calls, 1);
});

test('digits past e are not the row: the general loop takes the field', () => {
  const plan = planColumns('nbbo', 'orderbookid,timestamp,bidprice,offerprice', 'n.csv', undefined);
  // no LF: the row is buf[0, 36) and '999' after it are stale bytes of the buffer
  const buf = Buffer.from('110635,1727730005281097593,4385,4395999', 'latin1');
  const out = new Float64Array(NBBO.SLOTS).fill(UNTOUCHED);
  assert.equal(straightLineDecoder(plan)(buf, wordViewOf(buf), 0, 36, out, 0, KEEP), UNSETTLED);
  assert.equal(new LineDecoder(plan).decode(buf, wordViewOf(buf), 0, 36, out, 0, KEEP), DECODED);
  assert.equal(out[NBBO.offer], 4395);
});

test('a repeated date is taken from the last one; other separators or bytes are not', () => {
  const plan = planColumns(
    'trades',
    'orderid,tradetime,securitycode,tradeprice,quantity,side,tradedate',
    't.csv',
    undefined,
  );
  const decode = straightLineDecoder(plan);
  const day = (date: string) => {
    const buf = Buffer.from(`1,2,3,4,5,1,${date}\n`, 'latin1');
    const out = new Float64Array(TRADE.SLOTS);
    const status = decode(buf, wordViewOf(buf), 0, buf.length - 1, out, 0, KEEP);
    return status === DECODED ? out[TRADE.tradeDate] : status;
  };
  // bytes 0xFF would pack to -1 each: before any date is parsed they must not match anything
  assert.equal(day('\xff\xff\xff\xff-\xff\xff-\xff\xff'), UNSETTLED);
  // 2024-10-01 = 19997 (19723 + 274); 2024-10-02 = 19998; 2023-10-01 = 19997 - 366 = 19631
  assert.deepEqual(
    ['2024-10-01', '2024-10-01', '2024/10/01', '2024-10-02', '2023-10-01', '2024-10-01', '2024-10-0x'].map(
      day,
    ),
    [19_997, 19_997, UNSETTLED, 19_998, 19_631, 19_997, UNSETTLED],
  );
});

test('one compiled function per distinct plan', () => {
  assert.equal(straightLineDecoder(ordersPlan()), straightLineDecoder(ordersPlan()));
  const renamed = planColumns('orders', ORDERS_HEADER.replace('midtick', 'other'), 'o.csv', undefined);
  assert.notEqual(straightLineDecoder(renamed), straightLineDecoder(ordersPlan()));
});

test('19-digit ids and timestamps read four digits at a time equal their exact split, any digits', () => {
  let seed = 99;
  const rand = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
  for (let i = 0; i < 3000; i++) {
    // every digit position takes 0 and 9 in turn, the rest random (a carry or a lane mix-up shows)
    const id = digits(19).split('');
    const ts = `1${digits(18)}`.split('');
    id[i % 19] = i % 2 === 0 ? '0' : '9';
    ts[((i + 7) % 18) + 1] = i % 3 === 0 ? '0' : '9';
    const got = run(plainRow({ 0: id.join(''), 1: ts.join('') }));
    const tsValue = BigInt(ts.join(''));
    if (tsValue > 9_223_372_036_854_775_807n) {
      assert.equal(got.status, UNSETTLED, "a timestamp above INT64_MAX is the general loop's");
      continue;
    }
    assert.equal(got.status, DECODED, `${id.join('')} ${ts.join('')}`);
    const idValue = BigInt(id.join(''));
    assert.equal(got.record[ORDER.idHigh], Number(idValue / 1_000_000_000n));
    assert.equal(got.record[ORDER.idLow], Number(idValue % 1_000_000_000n));
    assert.equal(got.record[ORDER.tsHigh], Number(tsValue / 1_000_000_000n));
    assert.equal(got.record[ORDER.tsLow], Number(tsValue % 1_000_000_000n));
  }
});

test('a non-digit at any position of a 19-character field leaves it to the general loop', () => {
  // bytes next to the digits ('/' and ':'), and ones a word test could mistake ('?', 'p', 0xFA)
  for (const bad of ['/', ':', '?', 'p', ' ', '\u00fa']) {
    for (let at = 0; at < 19; at++) {
      const id = '7901232681961407641'.split('');
      id[at] = bad;
      assert.equal(run(plainRow({ 0: id.join('') })).status, UNSETTLED, `${JSON.stringify(bad)} at ${at}`);
    }
  }
});
