/**
 * The order pre-filter (LineDecoder.peekUnsigned + RowRouter): an order row whose order_type is a
 * valid integer without Centre Point bits is filtered whatever its other fields hold; the same
 * defect in a Centre Point row is still a reject; rows the skip cannot settle (a quote inside an
 * unquoted field, a CR, bad quoting, too few fields) keep the full decoder's reject reasons.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { planColumns } from '../../src/ingest/header.js';
import { ingest } from '../../src/ingest/ingest.js';
import { LineDecoder } from '../../src/ingest/line-decoder.js';
import { wordViewOf } from '../../src/ingest/word-scan.js';
import { rejectsPath } from '../../src/store/partition-store.js';
import { ORDERS_HEADER, tempDir, testConfig, writeText } from './fixtures.js';

const tmp = tempDir('order-prefilter');
after(tmp.cleanup);

// 1725499800 s = 2024-09-05 11:30 AEST: a trading-day timestamp
const TS = '1725499800000000000';
const SEC = 110621;
// ORDERS_HEADER: order_id, timestamp, security_code, price, side, quantity, leavesquantity,
// totalmatchedquantity, exchangeordertype (field 9, index 8), participantid, then 6 optional
// columns = 16 fields. Mask 6464 = 64|256|2048|4096: type 1 is not Centre Point, 2048 is.
const NON_CP = '1';
const CP = '2048';

function row(orderType: string, patch: Partial<Record<number, string>> = {}, extra: string[] = []): string {
  const fields = [
    '7',
    TS,
    String(SEC),
    '3330',
    '1',
    '100',
    '100',
    '0',
    orderType,
    '9',
    '11',
    '6',
    '3340',
    '3345',
    '0',
    '2',
  ];
  for (const [at, text] of Object.entries(patch)) fields[Number(at)] = text as string;
  return [...fields, ...extra].join(',');
}

test('defects a non-Centre-Point row may hide are filtered; in a Centre Point row they are rejects', async () => {
  const rows = [
    // line 2..3: malformed order_id
    row(NON_CP, { 0: 'x12' }),
    row(CP, { 0: 'x12' }),
    // line 4..5: one field too many
    row(NON_CP, {}, ['extra']),
    row(CP, {}, ['extra']),
    // line 6..7: one field too few (the last one dropped; order_type is still there)
    row(NON_CP).slice(0, row(NON_CP).lastIndexOf(',')),
    row(CP).slice(0, row(CP).lastIndexOf(',')),
    // line 8..9: quoted fields before order_type are skipped, a quoted order_type is read
    row(`"${NON_CP}"`, { 0: '-5', 3: '"33,""30"""' }),
    row(`"${CP}"`, { 0: '-5', 3: '"3330"' }),
    // line 10: a bad timestamp (a filter column) in a non-Centre-Point row
    row(NON_CP, { 1: '' }),
    // line 11..12: good rows, one of each
    row(NON_CP),
    row(CP),
  ];
  const dir = join(tmp.dir, 'hidden');
  mkdirSync(dir, { recursive: true });
  const path = writeText(join(dir, 'orders.csv'), `${ORDERS_HEADER}\n${rows.join('\n')}\n`);
  const config = testConfig(dir, { inputs: { orders: [path], trades: [], nbbo: [] } });
  const { storeDir, manifest } = await ingest(config);
  const f = manifest.inputs[0];
  // 11 rows: used = line 12; filtered = lines 2, 4, 6, 8, 10, 11 (6);
  // rejected = lines 3, 5, 7, 9 (4); 1 + 6 + 4 = 11
  assert.deepEqual([f.rows_read, f.rows_used, f.rows_filtered, f.rows_rejected], [11, 1, 6, 4]);
  assert.equal(f.rows_read, f.rows_used + f.rows_filtered + f.rows_rejected);
  assert.deepEqual(rejectReasons(storeDir, path), [
    '3,not an integer in order_id',
    '5,wrong field count: expected 16, got 17',
    '7,wrong field count: expected 16, got 15',
    '9,negative value in order_id',
  ]);
});

test("rows the skip cannot settle keep the full decoder's reject reasons", async () => {
  const rows = [
    // line 2: a quote inside an unquoted field before order_type (price = field 4)
    row(NON_CP, { 3: '33"30' }),
    // line 3: a CR inside the record before order_type
    row(NON_CP, { 3: '33\r30' }),
    // line 4: a CR inside a quoted field before order_type
    row(NON_CP, { 3: '"33\r30"' }),
    // line 5: a quoted field followed by more than its comma
    row(NON_CP, { 3: '"3330"x' }),
    // line 6: an unterminated quoted field swallows the rest of the line
    row(NON_CP, { 3: '"3330' }),
    // line 7: the line ends before order_type
    `7,${TS},${SEC},3330`,
    // line 8: an order_type that is not an integer; the decoder names that column
    row('1x'),
    // line 9: an order_type of 16 significant digits is out of range
    row('1000000000000000'),
    // line 10: a negative order_type
    row('-1'),
  ];
  const dir = join(tmp.dir, 'undecided');
  mkdirSync(dir, { recursive: true });
  const path = writeText(join(dir, 'orders.csv'), `${ORDERS_HEADER}\n${rows.join('\n')}\n`);
  const config = testConfig(dir, { inputs: { orders: [path], trades: [], nbbo: [] } });
  const { storeDir, manifest } = await ingest(config);
  const f = manifest.inputs[0];
  // 9 rows, all rejected by the full decoder exactly as before the pre-filter existed
  assert.deepEqual([f.rows_read, f.rows_used, f.rows_filtered, f.rows_rejected], [9, 0, 0, 9]);
  assert.deepEqual(rejectReasons(storeDir, path), [
    '2,bad quoting in field 4',
    '3,carriage return inside the record (field 4)',
    '4,carriage return inside the record (field 4)',
    '5,bad quoting in field 4',
    '6,bad quoting in field 4',
    '7,wrong field count: expected 16, got 4',
    '8,not an integer in order_type',
    '9,value out of range in order_type',
    '10,negative value in order_type',
  ]);
});

test('peekUnsigned reads one field by skipping the ones before it, or says undecided (-1)', () => {
  const decoder = new LineDecoder(planColumns('orders', ORDERS_HEADER, 'orders.csv', undefined));
  const at = decoder.fieldOf('order_type');
  assert.equal(at, 8);
  const peek = (line: string) => {
    // a trailing LF as LineSplitter leaves it, outside [s, e)
    const buf = Buffer.from(`${line}\n`, 'latin1');
    return decoder.peekUnsigned(buf, wordViewOf(buf), 0, buf.length - 1, at);
  };
  assert.equal(peek('a,b,c,d,e,f,g,h,2048,i'), 2048);
  assert.equal(peek('a,b,c,d,e,f,g,h,2048'), 2048, 'the last field');
  assert.equal(peek(',,,,,,,,"64",'), 64, 'empty fields, quoted digits');
  assert.equal(peek('"x,""y""",b,c,d,e,f,g,h,5,i'), 5, 'a quoted field with commas and escapes');
  // 000000000000000001 = 18 characters but one significant digit: a valid value 1
  assert.equal(peek('a,b,c,d,e,f,g,h,000000000000000001'), 1);
  assert.equal(peek('a,b,c,d,e,f,g,h,999999999999999'), 999_999_999_999_999, '15 digits');
  assert.equal(peek('a,b,c,d,e,f,g,h,1000000000000000'), -1, '16 digits');
  assert.equal(peek('a,b,c,d,e,f,g,h'), -1, 'too few fields');
  assert.equal(peek('a,b,c,d,e,f,g,h,'), -1, 'empty order_type');
  assert.equal(peek('a,b,c,d,e,f,g,h,""'), -1, 'empty quoted order_type');
  assert.equal(peek('a,b,c,d,e,f,g,h,12x'), -1);
  assert.equal(peek('a,b,c,d,e,f,g,h,"12"x'), -1);
  assert.equal(peek('a,b,c,d,e,f,g,h,"12'), -1);
  assert.equal(peek('a,b,c,d,e,f,g,h,-1'), -1);
  assert.equal(peek('a,b"c,d,e,f,g,h,i,1'), -1, 'a quote inside an unquoted field');
  assert.equal(peek('a,b\rc,d,e,f,g,h,i,1'), -1, 'a CR');
  assert.equal(peek('a,"b\rc",d,e,f,g,h,i,1'), -1, 'a CR inside quotes');
  assert.equal(peek('a,"b"c,d,e,f,g,h,i,1'), -1, 'a quoted field with more than its comma after it');
  assert.equal(peek('a,"b,c,d,e,f,g,h,i,1'), -1, 'an unterminated quoted field');
  // bytes past e are not the row: [0, 14) = 'a,b,c,d,e,f,g,' has 8 fields, the last one empty;
  // the skip of that field runs on over 'h' to the comma at 15, past e, so it is undecided
  const buf = Buffer.from('a,b,c,d,e,f,g,h,7\n', 'latin1');
  assert.equal(decoder.peekUnsigned(buf, wordViewOf(buf), 0, 14, at), -1, 'order_type lies past e');
  assert.equal(decoder.peekUnsigned(buf, wordViewOf(buf), 0, 17, at), 7, 'the same bytes as a whole line');
});

/** "line,reason" of each reject of `path`, in file order. */
function rejectReasons(storeDir: string, path: string): string[] {
  const text = readFileSync(rejectsPath(storeDir), 'utf8');
  const out: string[] = [];
  // raw text may hold CRs and quotes: take only records that start with the input path
  for (const record of text.split('\n')) {
    if (!record.startsWith(`${path},`)) continue;
    const rest = record.slice(path.length + 1);
    const line = rest.slice(0, rest.indexOf(','));
    const after = rest.slice(line.length + 1);
    // a reason with a comma is quoted (reasons hold no quotes themselves)
    const reason = after.startsWith('"') ? after.slice(1, after.indexOf('"', 1)) : after.split(',')[0];
    out.push(`${line},${reason}`);
  }
  return out;
}
