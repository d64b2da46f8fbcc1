/**
 * LineDecoder.decode on column orders, lengths and defects the generated inputs of the property
 * test rarely reach: planned fields first and last, quoted fields before and after them, the
 * one-pass 64-bit split at every digit count where it changes strategy, the inline date path, the
 * walk over unplanned fields (including past the line's end), and the reject reasons of each.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planColumns } from '../../src/ingest/header.js';
import { DECODED, FILTERED, LineDecoder, REJECTED, type RowFilter } from '../../src/ingest/line-decoder.js';
import { wordViewOf } from '../../src/ingest/word-scan.js';
import { ORDER, TRADE } from '../../src/store/record-layout.js';
import { ORDERS_HEADER } from './fixtures.js';

/** An unwritten slot keeps this marker, so a test sees which slots decode() wrote. */
const UNTOUCHED = -7;
const BASE = 3;

const KEEP: RowFilter = { filtered: () => false };

interface Decoded {
  status: number;
  reason: string;
  record: number[];
}

function decodeLine(decoder: LineDecoder, line: string, filter: RowFilter = KEEP, slots = 16): Decoded {
  // a trailing LF as LineSplitter leaves it, outside [s, e)
  const buf = Buffer.from(`${line}\n`, 'latin1');
  const out = new Float64Array(BASE + slots).fill(UNTOUCHED);
  const status = decoder.decode(buf, wordViewOf(buf), 0, buf.length - 1, out, BASE, filter);
  return {
    status,
    reason: status === REJECTED ? decoder.rejectReason() : '',
    record: [...out.subarray(BASE)],
  };
}

// Trades with their columns reversed and unplanned ones around them: comment (field 1) and note
// (field 11) are skipped, extra (field 8) sits between planned fields; tradedate (field 10) is the
// last filter column (orderid, tradetime, securitycode, tradedate), so the filter runs after it.
const ODD_TRADES =
  'comment,matchgroupid,side,quantity,tradeprice,securitycode,tradetime,extra,orderid,tradedate,note';
const oddTrades = () => new LineDecoder(planColumns('trades', ODD_TRADES, 'trades.csv', undefined));
const ODD_ROW = [
  '"say ""hi"", x"',
  '000000000000000000042',
  '2',
  '300',
  '4385',
  '"110635"',
  '1727730005281097593',
  '"a,b"',
  '7901232681961407641',
  '2024-10-01',
  '"tail, quoted"',
];
const oddRow = (patch: Record<number, string> = {}, extra: string[] = []) =>
  [...ODD_ROW.map((f, i) => patch[i] ?? f), ...extra].join(',');

test('an odd column order with quoted fields before, between and after the planned ones', () => {
  const got = decodeLine(oddTrades(), oddRow());
  assert.equal(got.status, DECODED, got.reason);
  const want = new Array(16).fill(UNTOUCHED);
  // 7901232681961407641 = 7901232681 * 1e9 + 961407641; 1727730005281097593 likewise
  want[TRADE.idHigh] = 7_901_232_681;
  want[TRADE.idLow] = 961_407_641;
  want[TRADE.tsHigh] = 1_727_730_005;
  want[TRADE.tsLow] = 281_097_593;
  want[TRADE.securityCode] = 110_635; // quoted: read by the generic path
  want[TRADE.price] = 4385;
  want[TRADE.quantity] = 300;
  want[TRADE.side] = 2;
  // 2024-10-01 = 19723 (2024-01-01) + 274 (Jan..Sep: 31+29+31+30+31+30+31+31+30) = 19997
  want[TRADE.tradeDate] = 19_997;
  // 21 digits with leading zeros: too long for the fast path, the generic parser strips the zeros
  want[TRADE.mgHigh] = 0;
  want[TRADE.mgLow] = 42;
  // deal_source, participant_id and the two snapshots are not in the file: null
  want[TRADE.dealSource] = Number.NaN;
  want[TRADE.participantId] = Number.NaN;
  want[TRADE.nationalBid] = Number.NaN;
  want[TRADE.nationalOffer] = Number.NaN;
  assert.deepEqual(got.record, want);
});

test('the filter is asked once, right after the last filter column; a filtered row is read no further', () => {
  const seen: number[][] = [];
  const spy = (answer: boolean): RowFilter => ({
    filtered(out, base) {
      seen.push([out[base + TRADE.idLow], out[base + TRADE.tradeDate], out[base + TRADE.mgLow]]);
      return answer;
    },
  });
  // the note after tradedate has a stray quote: a reject when kept, unseen when filtered
  const line = oddRow({ 10: 'x"y' });
  assert.equal(decodeLine(oddTrades(), line, spy(true)).status, FILTERED);
  const kept = decodeLine(oddTrades(), line, spy(false));
  assert.deepEqual([kept.status, kept.reason], [REJECTED, 'bad quoting in field 11']);
  // both calls saw order_id, trade_date and the earlier match_group_id already parsed
  assert.deepEqual(seen, [
    [961_407_641, 19_997, 42],
    [961_407_641, 19_997, 42],
  ]);
});

test('defects in unplanned fields and wrong field counts keep their reasons', () => {
  const reasonOf = (line: string) => {
    const got = decodeLine(oddTrades(), line);
    assert.equal(got.status, REJECTED, line);
    return got.reason;
  };
  assert.equal(reasonOf(oddRow({ 0: 'a\rb' })), 'carriage return inside the record (field 1)');
  assert.equal(reasonOf(oddRow({ 0: '"a\rb"' })), 'carriage return inside the record (field 1)');
  assert.equal(reasonOf(oddRow({ 7: 'a"b' })), 'bad quoting in field 8');
  assert.equal(reasonOf(oddRow({ 7: '"ab"c' })), 'bad quoting in field 8');
  assert.equal(reasonOf(oddRow({ 10: '"unterminated' })), 'bad quoting in field 11');
  assert.equal(reasonOf(oddRow({}, ['more'])), 'wrong field count: expected 11, got 12');
  // a trailing comma opens a 12th, empty field
  assert.equal(reasonOf(`${oddRow()},`), 'wrong field count: expected 11, got 12');
  // a defect in a field past the header's count is found before the count is judged
  assert.equal(reasonOf(oddRow({}, ['x"y'])), 'bad quoting in field 12');
  assert.equal(reasonOf(ODD_ROW.slice(0, 10).join(',')), 'wrong field count: expected 11, got 10');
  // the line ends inside the unplanned field 8, before order_id
  assert.equal(reasonOf(ODD_ROW.slice(0, 8).join(',')), 'wrong field count: expected 11, got 8');
  // planned fields: quoted content is never a number; an empty required field
  assert.equal(reasonOf(oddRow({ 3: '"3""00"' })), 'not an integer in quantity');
  assert.equal(reasonOf(oddRow({ 8: '' })), 'empty required field order_id');
  assert.equal(reasonOf(oddRow({ 2: '3' })), 'side is not 1 or 2 in side');
  assert.equal(reasonOf(oddRow({ 5: '4294967296' })), 'value out of range in security_code');
});

test('64-bit fields split exactly at every length the one-pass split treats differently', () => {
  const decoder = new LineDecoder(
    planColumns(
      'trades',
      'orderid,tradetime,securitycode,tradeprice,quantity,side,matchgroupid',
      't.csv',
      undefined,
    ),
  );
  const split = (matchGroupId: string) => {
    const got = decodeLine(decoder, `1,2,3,4,5,1,${matchGroupId}`);
    assert.equal(got.status, DECODED, `${matchGroupId}: ${got.reason}`);
    return [got.record[TRADE.mgHigh], got.record[TRADE.mgLow]];
  };
  // value = high * 1e9 + low
  assert.deepEqual(split('7'), [0, 7]);
  assert.deepEqual(split('123456789'), [0, 123_456_789]); // 9 digits: all low
  assert.deepEqual(split('1234567890'), [1, 234_567_890]); // 10: re-split, one digit high
  assert.deepEqual(split('123456789012345678'), [123_456_789, 12_345_678]); // 18: re-split
  assert.deepEqual(split('1234567890123456789'), [1_234_567_890, 123_456_789]); // 19: first ten high
  assert.deepEqual(split('0000000000000000001'), [0, 1]);
  assert.deepEqual(split('18446744073709551615'), [18_446_744_073, 709_551_615]); // 20: generic
  const rejected = (line: string) => decodeLine(decoder, line).reason;
  assert.equal(rejected('1,2,3,4,5,1,18446744073709551616'), 'value out of range in match_group_id');
  // timestamps are int64: INT64_MAX = 9223372036854775807 is the largest
  const ts = decodeLine(decoder, '1,9223372036854775807,3,4,5,1,');
  assert.deepEqual([ts.record[TRADE.tsHigh], ts.record[TRADE.tsLow]], [9_223_372_036, 854_775_807]);
  assert.equal(rejected('1,9223372036854775808,3,4,5,1,'), 'value out of range in trade_time');
  assert.equal(rejected('1,-1,3,4,5,1,'), 'negative value in trade_time');
  // an empty optional 64-bit field is null in both slots
  assert.deepEqual([ts.record[TRADE.mgHigh], ts.record[TRADE.mgLow]], [Number.NaN, Number.NaN]);
});

test('sequence (int64) takes the fast path when unsigned and the generic one when negative', () => {
  const decoder = new LineDecoder(planColumns('orders', ORDERS_HEADER, 'o.csv', undefined));
  // ORDERS_HEADER: sequence is field 11 (index 10)
  const withSequence = (sequence: string) =>
    decodeLine(decoder, `7,1,2,3,1,5,5,0,2048,9,${sequence},6,1,2,0,2`, KEEP, ORDER.SLOTS);
  const seq = (sequence: string) => {
    const got = withSequence(sequence);
    assert.equal(got.status, DECODED, got.reason);
    return [got.record[ORDER.seqHigh], got.record[ORDER.seqLow]];
  };
  assert.deepEqual(seq('3000007'), [0, 3_000_007]);
  assert.deepEqual(seq('9223372036854775807'), [9_223_372_036, 854_775_807]);
  // -5 = -1 * 1e9 + 999999995 (floor division)
  assert.deepEqual(seq('-5'), [-1, 999_999_995]);
  assert.equal(withSequence('9223372036854775808').reason, 'value out of range in sequence');
});

test('dates: the inline path, a quoted date, and invalid dates', () => {
  const decoder = new LineDecoder(
    planColumns(
      'trades',
      'orderid,tradetime,securitycode,tradeprice,quantity,side,tradedate',
      't.csv',
      undefined,
    ),
  );
  const day = (date: string) => {
    const got = decodeLine(decoder, `1,2,3,4,5,1,${date}`);
    return got.status === DECODED ? got.record[TRADE.tradeDate] : got.reason;
  };
  // 2024-02-29 = 19723 + 31 + 28 = 19782; 2024-03-01 = 19783
  assert.equal(day('2024-02-29'), 19_782);
  assert.equal(day('2024-03-01'), 19_783);
  assert.equal(day('"2024-02-29"'), 19_782);
  assert.equal(day('2023-02-29'), 'not a YYYY-MM-DD date in trade_date');
  assert.equal(day('2024-10-1'), 'not a YYYY-MM-DD date in trade_date');
  assert.equal(day('2024-10-01x'), 'not a YYYY-MM-DD date in trade_date');
  assert.ok(Number.isNaN(day('')), 'an empty optional date is null');
});

test('a walk over an unplanned last field may run past e without changing the row', () => {
  const decoder = new LineDecoder(
    planColumns('nbbo', 'orderbookid,timestamp,bidprice,offerprice,note', 'n.csv', undefined),
  );
  // no LF after the row: the bytes after e belong to nothing (a stale buffer)
  const buf = Buffer.from('110635,1727730005281097593,4385,4395,abc,STALE,BYTES', 'latin1');
  const decode = (e: number) => {
    const out = new Float64Array(8).fill(UNTOUCHED);
    const status = decoder.decode(buf, wordViewOf(buf), 0, e, out, 0, KEEP);
    return status === REJECTED ? decoder.rejectReason() : [...out.subarray(0, 5)];
  };
  // 1727730005281097593 -> 1727730005, 281097593; slots: tsHigh, tsLow, security, bid, offer
  const record = [1_727_730_005, 281_097_593, 110_635, 4385, 4395];
  // 'abc' ends at index 40; e = 39 cuts it to 'ab'; e = 37 leaves an empty note after '4395,'
  assert.deepEqual(decode(40), record);
  assert.deepEqual(decode(39), record);
  assert.deepEqual(decode(37), record);
  assert.equal(decode(36), 'wrong field count: expected 5, got 4');
  // the byte at e is the row's CR (before its LF) or a stale quote: neither is inside the row
  for (const tail of ['\r\n', '"STALE']) {
    buf.write(tail, 40, 'latin1');
    assert.deepEqual(decode(40), record, JSON.stringify(tail));
  }
});
