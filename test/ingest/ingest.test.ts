/**
 * End-to-end ingest behaviour on small hand-written inputs: CSV dialect details, exact 64-bit ids,
 * the quote sentinel, renamed columns, the universe filters for trades and NBBO quotes, gzip,
 * and the errors that stop an ingest.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { findStore, ingest, ingestTuned } from '../../src/ingest/ingest.js';
import { PartitionStore, rejectsPath } from '../../src/store/partition-store.js';
import { NBBO_HEADER, ORDERS_HEADER, tempDir, testConfig, writeText } from './fixtures.js';
import { rng } from './reference-model.js';

const tmp = tempDir('ingest');
after(tmp.cleanup);

// 1725499800 s = 2024-09-05 01:30 UTC = 11:30 AEST -> trading date 2024-09-05 = day 19971
const TS_0905 = '1725499800';
// + 86400 s -> 2024-09-06 11:30 AEST = day 19972
const TS_0906 = '1725586200';
const DAY_0905 = 19971;
const DAY_0906 = 19972;
const SEC = 110621;

let n = 0;
function dirWith(files: Record<string, string | Buffer>): string {
  const dir = join(tmp.dir, `case${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

test('CRLF, BOM, spaced mixed-case header, quoted fields, "" escapes, no final newline, exact ids', async () => {
  const orders =
    '\uFEFF Order_ID , TimeStamp,security_code,price,side,quantity,leavesquantity,totalmatchedquantity,exchangeordertype,participantid,note\r\n' +
    `9007199254740993,${TS_0905}000000001,${SEC},"3330",1,100,100,0,2048,7,"a, b"\r\n` +
    `18446744073709551615,${TS_0905}000000002,${SEC},3331,2,50,25,25,64,8,"say ""hi"""\r\n` +
    `18446744073709551616,${TS_0905}000000003,${SEC},3331,2,50,25,25,64,8,x\r\n` +
    `5,${TS_0905}000000004,${SEC},3331,1,50,25,25,1,8,lit`;
  const dir = dirWith({ 'orders.csv': orders });
  const config = testConfig(dir, { inputs: { orders: [join(dir, 'orders.csv')], trades: [], nbbo: [] } });
  const { storeDir, manifest } = await ingest(config);
  const f = manifest.inputs[0];
  // 4 rows: 2 kept (CP bits 2048 and 64), 1 filtered (type 1), 1 rejected (id = 2^64)
  assert.deepEqual([f.rows_read, f.rows_used, f.rows_filtered, f.rows_rejected], [4, 2, 1, 1]);
  assert.deepEqual(
    manifest.partitions.map((p) => p.key),
    ['2024-09-05/110621'],
  );
  const data = PartitionStore.open(storeDir).readPartition(DAY_0905, SEC);
  assert.deepEqual(
    data.orders.map((o) => [o.orderId, o.ts, o.price, o.participantId, o.sequence]),
    [
      [9007199254740993n, 1725499800000000001n, 3330, 7, null],
      [18446744073709551615n, 1725499800000000002n, 3331, 8, null],
    ],
  );
  const rejects = readFileSync(rejectsPath(storeDir), 'utf8');
  assert.equal(
    rejects,
    'file,line,reason,raw\n' +
      `${join(dir, 'orders.csv')},4,value out of range in order_id,"18446744073709551616,${TS_0905}000000003,${SEC},3331,2,50,25,25,64,8,x"\n`,
  );
});

test('INT64_MIN quotes decode to null; other quote values are kept as they are', async () => {
  const orders =
    `${ORDERS_HEADER}\n` +
    `1,${TS_0905}000000000,${SEC},3330,1,100,100,0,2048,7,11,6,-9223372036854775808,3345,0,2\n`;
  const nbbo = `${NBBO_HEADER}\n${SEC},${TS_0905}000000005,-9223372036854775808,3340\n${SEC},${TS_0905}000000006,3330,-3\n`;
  const dir = dirWith({ 'o.csv': orders, 'q.csv': nbbo });
  const config = testConfig(dir, {
    inputs: { orders: [join(dir, 'o.csv')], trades: [], nbbo: [join(dir, 'q.csv')] },
  });
  const { storeDir } = await ingest(config);
  const data = PartitionStore.open(storeDir).readPartition(DAY_0905, SEC);
  assert.deepEqual(
    [data.orders[0].nationalBid, data.orders[0].nationalOffer, data.orders[0].sequence],
    [null, 3345, 11n],
  );
  assert.deepEqual(
    data.quotes.map((q) => [q.bid, q.offer]),
    [
      [null, 3340],
      [3330, -3],
    ],
  );
});

test('trades: only those of a universe order of their OWN partition; NBBO: only universe partitions', async () => {
  const orders =
    `${ORDERS_HEADER}\n` +
    `100,${TS_0905}000000000,${SEC},3330,1,100,100,0,2048,7,,,,,,\n` + // universe, 09-05
    `200,${TS_0906}000000000,${SEC},3330,2,100,100,0,4096,7,,,,,,\n` + // universe, 09-06
    `300,${TS_0905}000000000,${SEC},3330,2,100,100,0,1,7,,,,,,\n`; // lit: not universe
  const trades =
    'OrdID,tradetime,securitycode,tradeprice,quantity,side,tradedate\n' +
    `100,${TS_0905}000000100,${SEC},3330,10,1,\n` + // kept
    `200,${TS_0905}000000100,${SEC},3330,10,2,\n` + // 200 is universe on 09-06 only: filtered
    `100,${TS_0905}000000100,${SEC},3330,10,1,2024-09-06\n` + // tradedate puts it on 09-06: filtered
    `300,${TS_0905}000000100,${SEC},3330,10,2,\n` + // lit order: filtered
    `200,${TS_0905}000000100,${SEC},3330,5,2,2024-09-06\n`; // tradedate 09-06: kept in 09-06
  const nbbo =
    `${NBBO_HEADER}\n` +
    `${SEC},${TS_0905}000000001,3330,3340\n` + // kept
    `999,${TS_0905}000000001,3330,3340\n` + // no universe orders for 999: filtered
    `${SEC},1725845400000000000,3330,3340\n`; // 2024-09-09: filtered
  const dir = dirWith({ 'o.csv': orders, 't.csv': trades, 'q.csv': nbbo });
  const config = testConfig(dir, {
    inputs: { orders: [join(dir, 'o.csv')], trades: [join(dir, 't.csv')], nbbo: [join(dir, 'q.csv')] },
  });
  config.columns.trades = { order_id: 'ordid' };
  const { storeDir, manifest } = await ingest(config);
  assert.deepEqual(
    manifest.partitions.map((p) => [p.key, p.orders, p.trades, p.nbbo]),
    [
      ['2024-09-05/110621', 1, 1, 1],
      ['2024-09-06/110621', 1, 1, 0],
    ],
  );
  const store = PartitionStore.open(storeDir);
  assert.deepEqual(
    store.readPartition(DAY_0906, SEC).trades.map((t) => [t.orderId, t.quantity, t.tradeDate]),
    [[200n, 5, DAY_0906]],
  );
  const byKind = Object.fromEntries(manifest.inputs.map((f) => [f.kind, [f.rows_used, f.rows_filtered]]));
  assert.deepEqual(byKind, { orders: [2, 1], trades: [2, 3], nbbo: [1, 2] });
});

test('a .gz input gives exactly the store of the same plain input', async () => {
  const orders =
    `${ORDERS_HEADER}\r\n` +
    Array.from(
      { length: 300 },
      (_, i) =>
        `${9_000_000_000_000_000_000n + BigInt(i)},${TS_0905}${String(i).padStart(9, '0')},${SEC + (i % 3)},${3300 + i},${1 + (i % 2)},10,5,5,${i % 4 === 0 ? 1 : 2048},3,${i},,,,,`,
    ).join('\r\n') +
    '\r\nnot,a,row';
  const plainDir = dirWith({ 'o.csv': orders });
  const gzDir = dirWith({ 'o.csv.gz': gzipSync(orders) });
  const plain = await ingest(
    testConfig(plainDir, { inputs: { orders: [join(plainDir, 'o.csv')], trades: [], nbbo: [] } }),
  );
  const gz = await ingest(
    testConfig(gzDir, { inputs: { orders: [join(gzDir, 'o.csv.gz')], trades: [], nbbo: [] } }),
  );
  assert.deepEqual(gz.manifest.partitions, plain.manifest.partitions);
  assert.equal(plain.manifest.partitions.length, 3);
  const counts = (m: typeof plain.manifest) =>
    m.inputs.map((f) => [f.rows_read, f.rows_used, f.rows_filtered, f.rows_rejected]);
  // 301 rows: 75 with type 1 filtered (i % 4 === 0 for i < 300), 225 kept, the last one rejected
  assert.deepEqual(counts(plain.manifest), [[301, 225, 75, 1]]);
  assert.deepEqual(counts(gz.manifest), counts(plain.manifest));
  const a = PartitionStore.open(plain.storeDir);
  const b = PartitionStore.open(gz.storeDir);
  for (const p of plain.manifest.partitions) {
    assert.deepEqual(b.readPartition(p.day, p.security_code), a.readPartition(p.day, p.security_code));
  }
  const rejectLines = (dir: string) =>
    readFileSync(rejectsPath(dir), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
  // header + 300 rows -> the bad row is line 302
  assert.deepEqual(rejectLines(plain.storeDir), ['302', undefined]);
  assert.deepEqual(rejectLines(gz.storeDir), rejectLines(plain.storeDir));
});

test('a truncated .gz stops the ingest naming the file, and leaves no manifest', async () => {
  const body =
    `${ORDERS_HEADER}\n` + `1,${TS_0905}000000000,${SEC},3330,1,100,100,0,2048,7,,,,,,\n`.repeat(2000);
  const whole = gzipSync(body);
  const dir = dirWith({ 'o.csv.gz': whole.subarray(0, whole.length - 30) });
  const config = testConfig(dir, { inputs: { orders: [join(dir, 'o.csv.gz')], trades: [], nbbo: [] } });
  await assert.rejects(ingest(config), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'TRUNCATED_GZIP');
    assert.ok(e.message.startsWith(`${join(dir, 'o.csv.gz')}: gzip stream is truncated`), e.message);
    return true;
  });
  assert.equal(await findStore(config), null);
});

test('a broken .gz inflated alongside a good one stops the ingest naming it, closing both', async () => {
  // a.csv.gz is ~3 MB of mostly incompressible padding, so it is still being read when b.csv.gz,
  // cut off inside its first deflate block, fails
  const pad = randomBytes(48 * 60_000).toString('hex');
  const rows = Array.from(
    { length: 60_000 },
    (_, i) =>
      `${i + 1},${TS_0905}000000000,${SEC},3330,1,100,100,0,2048,7,,,,,,,${pad.slice(96 * i, 96 * i + 96)}`,
  );
  const good = gzipSync(`${ORDERS_HEADER},pad\n${rows.join('\n')}\n`);
  const dir = dirWith({ 'a.csv.gz': good, 'b.csv.gz': good.subarray(0, 4000) });
  const config = testConfig(dir, {
    inputs: { orders: [join(dir, 'a.csv.gz'), join(dir, 'b.csv.gz')], trades: [], nbbo: [] },
  });
  config.processing.maxWorkers = 2;
  const fds = readdirSync('/proc/self/fd').length;
  await assert.rejects(ingestTuned(config, {}, { rangeBytes: 4096 }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'TRUNCATED_GZIP');
    assert.ok(e.message.startsWith(`${join(dir, 'b.csv.gz')}: gzip stream is truncated`), e.message);
    return true;
  });
  assert.equal(readdirSync('/proc/self/fd').length, fds, 'both .gz files and the segments are closed');
  assert.equal(await findStore(config), null);
});

test('more than max_rejects malformed rows stop the ingest; exactly max_rejects do not', async () => {
  const orders =
    `${ORDERS_HEADER}\n` +
    `1,${TS_0905}000000000,${SEC},3330,3,100,100,0,2048,7,,,,,,\n` + // side 3
    `2,${TS_0905}000000000,${SEC},-1,1,100,100,0,2048,7,,,,,,\n` + // negative price
    `3,${TS_0905}000000000,${SEC},3330,1,100,100,0,2048,,,,,,,\n` + // empty participantid
    `4,${TS_0905}000000000,${SEC},3330,1,100,100,0,2048,7,,,,,,\n`;
  const dir = dirWith({ 'o.csv': orders });
  const strict = testConfig(dir, {
    inputs: { orders: [join(dir, 'o.csv')], trades: [], nbbo: [] },
    maxRejects: 2,
  });
  const fds = readdirSync('/proc/self/fd').length;
  await assert.rejects(ingest(strict), { code: 'TOO_MANY_REJECTS' });
  assert.equal(readdirSync('/proc/self/fd').length, fds, 'the failed ingest closed its segment files');
  assert.equal(await findStore(strict), null);
  const lenient = { ...strict, maxRejects: 3 };
  const { storeDir, manifest } = await ingest(lenient);
  assert.equal(manifest.rejects, 3);
  const reasons = readFileSync(rejectsPath(storeDir), 'utf8')
    .split('\n')
    .slice(1, 4)
    .map((l) => l.split(',').slice(1, 3).join(':'));
  assert.deepEqual(reasons, [
    '2:side is not 1 or 2 in side',
    '3:negative value in price',
    '4:empty required field participant_id',
  ]);
});

test('a missing column stops the ingest naming file, column and header; no manifest', async () => {
  const dir = dirWith({ 't.csv': `orderid,tradetime,securitycode,price,quantity,side\n` });
  const orders = `${ORDERS_HEADER}\n`;
  writeText(join(dir, 'o.csv'), orders);
  const config = testConfig(dir, {
    inputs: { orders: [join(dir, 'o.csv')], trades: [join(dir, 't.csv')], nbbo: [] },
  });
  await assert.rejects(ingest(config), {
    code: 'MISSING_COLUMN',
    message: `${join(dir, 't.csv')}: required column "tradeprice" not found in header: orderid,tradetime,securitycode,price,quantity,side`,
  });
  assert.equal(await findStore(config), null);
  assert.equal(existsSync(join(config.processing.tempDir)), false);
});

test('64-bit fields at their limits: INT64_MAX timestamp kept, INT64_MAX + 1 rejected, ids up to UINT64_MAX', async () => {
  const orders =
    `${ORDERS_HEADER}\n` +
    // 9223372036854775807 ns = 2262-04-11 23:47:16 UTC = 2262-04-12 09:47 AEST, a Saturday: rolls to Monday 2262-04-14
    `18446744073709551615,9223372036854775807,${SEC},1,1,1,1,0,2048,7,,,,,,\n` +
    `1,9223372036854775808,${SEC},1,1,1,1,0,2048,7,,,,,,\n` +
    `0000000000000000002,${TS_0905}000000000,${SEC},1,1,1,1,0,2048,7,,,,,,\n`;
  const dir = dirWith({ 'o.csv': orders });
  const config = testConfig(dir, { inputs: { orders: [join(dir, 'o.csv')], trades: [], nbbo: [] } });
  const { storeDir, manifest } = await ingest(config);
  assert.deepEqual(
    manifest.partitions.map((p) => p.key),
    ['2024-09-05/110621', '2262-04-14/110621'],
  );
  const store = PartitionStore.open(storeDir);
  const far = manifest.partitions[1];
  assert.deepEqual(
    store.readPartition(far.day, SEC).orders.map((o) => [o.orderId, o.ts]),
    [[18446744073709551615n, 9223372036854775807n]],
  );
  assert.deepEqual(
    store.readPartition(DAY_0905, SEC).orders.map((o) => o.orderId),
    [2n],
  );
  const rejects = readFileSync(rejectsPath(storeDir), 'utf8').split('\n')[1];
  assert.ok(rejects.startsWith(`${join(dir, 'o.csv')},3,value out of range in timestamp,`), rejects);
});

test('trades of 6 days in shuffled order, keys spilled every 2 entries, one day of universe at a time', async () => {
  // trading days Mon 2024-09-02 .. Fri 09-06 and Mon 09-09, each at 11:30 AEST (01:30 UTC):
  // 1725240600 s = 2024-09-02 01:30 UTC; + k x 86400 s for the later days
  const offsets = [0, 1, 2, 3, 4, 7];
  const tsOf = (d: number, ns: number) => `${1725240600 + offsets[d] * 86400}${String(ns).padStart(9, '0')}`;
  const secs = [SEC, SEC + 1];
  const idOf = (d: number, s: number, i: number) =>
    10_000_000_000_000_000_000n + BigInt(d * 1000 + s * 100 + i);
  // one multi-day order: a universe order on days 0 and 2 only (SEC)
  const multi = 18_000_000_000_000_000_000n;
  const orderRows: string[] = [];
  for (let d = 0; d < 6; d++) {
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < 12; i++) {
        // orders i % 4 === 3 are lit (type 1): not universe; every order has two events
        const type = i % 4 === 3 ? 1 : 2048;
        for (const ns of [i, 500 + i])
          orderRows.push(`${idOf(d, s, i)},${tsOf(d, ns)},${secs[s]},3330,1,100,100,0,${type},7,,,,,,`);
      }
    }
    if (d === 0 || d === 2) orderRows.push(`${multi},${tsOf(d, 900)},${SEC},3330,1,100,100,0,64,7,,,,,,`);
  }
  // every order gets a trade on its own day (kept if universe) and on the next day (never kept:
  // ids are per day); the multi-day order trades on days 0, 1 and 2 (kept on 0 and 2)
  const trades: { id: bigint; d: number; s: number; q: number; kept: boolean }[] = [];
  let q = 1;
  for (let d = 0; d < 6; d++) {
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < 12; i++) {
        trades.push({ id: idOf(d, s, i), d, s, q: q++, kept: i % 4 !== 3 });
        trades.push({ id: idOf(d, s, i), d: (d + 1) % 6, s, q: q++, kept: false });
      }
    }
  }
  for (const d of [0, 1, 2]) trades.push({ id: multi, d, s: 0, q: q++, kept: d !== 1 });
  const r = rng(77);
  for (let i = trades.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [trades[i], trades[j]] = [trades[j], trades[i]];
  }
  const tradeCsv =
    'orderid,tradetime,securitycode,tradeprice,quantity,side\n' +
    trades.map((t) => `${t.id},${tsOf(t.d, 1000)},${secs[t.s]},3330,${t.q},1\n`).join('');
  const dir = dirWith({ 'o.csv': `${ORDERS_HEADER}\n${orderRows.join('\n')}\n`, 't.csv': tradeCsv });
  const config = testConfig(dir, {
    inputs: { orders: [join(dir, 'o.csv')], trades: [join(dir, 't.csv')], nbbo: [] },
  });
  // 64 B of spill budget = 2 staging entries: the 6 x 2 x 9 + 2 = 110 universe order-days are
  // spilled ~55 times; 1 B of cache budget holds only the day being asked for
  const { storeDir, manifest } = await ingestTuned(
    config,
    {},
    { rangesPerFile: 3, universeSpillBytes: 64, universeCacheBytes: 1 },
  );
  assert.equal(readdirSync(storeDir).includes('universe-keys.bin'), false, 'the keys file is removed');
  const tradesFile = manifest.inputs.find((f) => f.kind === 'trades');
  // 6 days x 2 securities x 12 orders x 2 trades + 3 = 291 legs; kept: 6 x 2 x 9 + 2 = 110
  assert.deepEqual(
    [tradesFile?.rows_read, tradesFile?.rows_used, tradesFile?.rows_filtered],
    [291, 110, 181],
  );
  const store = PartitionStore.open(storeDir);
  assert.equal(manifest.partitions.length, 12);
  for (const p of manifest.partitions) {
    const d = offsets.indexOf(p.day - 19968); // day 19968 = 2024-09-02
    const s = secs.indexOf(p.security_code);
    const expected = trades.filter((t) => t.kept && t.d === d && t.s === s).map((t) => [t.id, t.q]);
    assert.deepEqual(
      store.readPartition(p.day, p.security_code).trades.map((t) => [t.orderId, t.quantity]),
      expected,
      p.key,
    );
    // 9 universe orders each, plus the multi-day order on days 0 and 2 of SEC
    assert.equal(expected.length, 9 + (s === 0 && (d === 0 || d === 2) ? 1 : 0), p.key);
  }
});
