/**
 * The store with 10,000+ partitions: few files whatever the partition count, no descriptor left
 * open, and every partition reads back exactly. Thousands of extents sorted into extents.bin in
 * many passes still give every partition its rows in input order, and a reader takes only its
 * partition's rows of the index.
 */
import assert from 'node:assert/strict';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isSweepscopeError } from '../../src/errors.js';
import { ingestTuned } from '../../src/ingest/ingest.js';
import { EXTENT_BYTES } from '../../src/store/extent-index.js';
import { extentIndexPath, MANIFEST_FILE, PartitionStore } from '../../src/store/partition-store.js';
import { NBBO_HEADER, ORDERS_HEADER, tempDir, testConfig } from '../ingest/fixtures.js';
import { rng } from '../ingest/reference-model.js';

const tmp = tempDir('store');
after(tmp.cleanup);

const openFds = () => readdirSync('/proc/self/fd').length;

test('10,200 partitions: one segment per worker, bounded descriptors, exact read-back', async () => {
  const dir = join(tmp.dir, 'in');
  mkdirSync(dir);
  // 5,100 securities x 2 trading dates (09-05 and 09-06, 11:30 AEST) = 10,200 partitions, 2 rows each
  const rows: string[] = [];
  let id = 10_000_000_000_000_000_000n;
  for (let round = 0; round < 2; round++) {
    for (let s = 0; s < 5100; s++) {
      for (const ts of ['1725499800', '1725586200']) {
        rows.push(
          `${id++},${ts}${String(s).padStart(9, '0')},${1000 + s},${3000 + round},${1 + round},10,5,5,2048,${s % 97},${s},,,,,`,
        );
      }
    }
  }
  writeFileSync(join(dir, 'o.csv'), `${ORDERS_HEADER}\n${rows.join('\n')}\n`);
  const config = testConfig(tmp.dir, { inputs: { orders: [join(dir, 'o.csv')], trades: [], nbbo: [] } });
  const fdsBefore = openFds();
  // 64 KiB record buffers hold 409 order records: the 20,400 rows need ~50 flushes
  const { storeDir, manifest } = await ingestTuned(config, {}, { rangesPerFile: 4, arenaBytes: 64 * 1024 });
  assert.equal(openFds(), fdsBefore);
  assert.deepEqual(readdirSync(storeDir).sort(), [
    'extents.bin',
    'manifest.json',
    'rejects.csv',
    'segment-0.bin',
    'segment-1.bin',
  ]);
  assert.equal(manifest.partitions.length, 10_200);

  const store = PartitionStore.open(storeDir);
  let checked = 0;
  for (const p of manifest.partitions) {
    const s = p.security_code - 1000;
    const orders = store.readPartition(p.day, p.security_code).orders;
    // rows of a partition are (round 0, round 1) in file order, prices 3000 and 3001
    assert.deepEqual(
      orders.map((o) => [o.price, o.side, o.participantId, o.sequence]),
      [
        [3000, 1, s % 97, BigInt(s)],
        [3001, 2, s % 97, BigInt(s)],
      ],
    );
    assert.equal(orders[1].orderId - orders[0].orderId, 10_200n);
    checked++;
  }
  store.close();
  assert.equal(checked, 10_200);
  assert.equal(openFds(), fdsBefore);
});

// 2024-09-05 and 2024-09-06 11:30 AEST (01:30 UTC): trading days 19971 and 19972
const DAY_SECONDS = [1725499800n, 1725586200n];
const DAYS = [19971, 19972];
const SECURITIES = 20;

interface Expected {
  orders: number[];
  trades: number[];
  quotes: number[];
}

/**
 * 3,000 order events, 1,200 quotes and 1,500 trade legs dealt at random over 20 securities x 2
 * days (40 partitions); prices (and bids) number the rows, so a partition's expected rows are
 * its price lists in file order. Quotes of security 99 have no universe orders and are dropped.
 */
function mixedInputs(dir: string): {
  paths: Record<'orders' | 'trades' | 'nbbo', string>;
  expected: Map<string, Expected>;
} {
  const random = rng(3);
  const expected = new Map<string, Expected>();
  const at = (d: number, security: number) => {
    const key = `${DAYS[d]}/${security}`;
    let e = expected.get(key);
    if (!e) {
      e = { orders: [], trades: [], quotes: [] };
      expected.set(key, e);
    }
    return e;
  };
  const ts = (d: number, ns: number) => `${DAY_SECONDS[d] * 1_000_000_000n + BigInt(ns)}`;
  const orders: string[] = [];
  const placed: { id: bigint; d: number; security: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    const d = Math.floor(random() * 2);
    const security = 1000 + Math.floor(random() * SECURITIES);
    const id = 10_000_000_000_000_000_000n + BigInt(i);
    orders.push(`${id},${ts(d, i)},${security},${3000 + i},1,10,10,0,2048,7,,,,,,`);
    placed.push({ id, d, security });
    at(d, security).orders.push(3000 + i);
  }
  const quotes: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const d = Math.floor(random() * 2);
    const security = i % 10 === 0 ? 99 : 1000 + Math.floor(random() * SECURITIES);
    quotes.push(`${security},${ts(d, i)},${1 + i},${100_000 + i}`);
    if (security !== 99) at(d, security).quotes.push(1 + i);
  }
  const trades: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const o = placed[Math.floor(random() * placed.length)];
    trades.push(`${o.id},${ts(o.d, 5000 + i)},${o.security},${7000 + i},1,1`);
    at(o.d, o.security).trades.push(7000 + i);
  }
  const paths = { orders: join(dir, 'o.csv'), trades: join(dir, 't.csv'), nbbo: join(dir, 'q.csv') };
  writeFileSync(paths.orders, `${ORDERS_HEADER}\n${orders.join('\n')}\n`);
  writeFileSync(
    paths.trades,
    `orderid,tradetime,securitycode,tradeprice,quantity,side\n${trades.join('\n')}\n`,
  );
  writeFileSync(paths.nbbo, `${NBBO_HEADER}\n${quotes.join('\n')}\n`);
  return { paths, expected };
}

test('thousands of extents sorted in many passes: every partition reads back its rows in input order', async () => {
  const dir = join(tmp.dir, 'passes');
  mkdirSync(dir);
  const { paths, expected } = mixedInputs(dir);
  const config = testConfig(dir, {
    inputs: { orders: [paths.orders], trades: [paths.trades], nbbo: [paths.nbbo] },
  });
  // 4 KiB record buffers hold 25 orders (160 B), 32 trades (128 B) or 85 quotes (48 B), mostly of
  // different partitions: 120 + 47 + 15 flushes of ~20 extents each. A 4 KiB index budget sorts
  // (4096 - 1008 B read buffer of 18 rows) / 56 B = 55 rows a pass: dozens of passes.
  const { storeDir, manifest } = await ingestTuned(
    config,
    {},
    { rangesPerFile: 3, arenaBytes: 4096, indexBudgetBytes: 4096 },
  );
  const extents = statSync(extentIndexPath(storeDir)).size / EXTENT_BYTES;
  assert.ok(extents > 2000, `${extents} extents`);
  assert.equal(
    manifest.partitions.reduce((s, p) => s + p.extents_count, 0),
    extents,
  );
  assert.deepEqual(
    readdirSync(storeDir).filter((f) => f.endsWith('.extents')),
    [],
  );

  assert.deepEqual(
    manifest.partitions.map((p) => `${p.day}/${p.security_code}`).sort(),
    [...expected.keys()].sort(),
  );
  const store = PartitionStore.open(storeDir);
  for (const p of manifest.partitions) {
    const want = expected.get(`${p.day}/${p.security_code}`)!;
    const got = store.readPartition(p.day, p.security_code);
    assert.deepEqual(
      [p.orders, p.trades, p.nbbo],
      [want.orders.length, want.trades.length, want.quotes.length],
    );
    assert.deepEqual(
      got.orders.map((o) => o.price),
      want.orders,
      p.key,
    );
    assert.deepEqual(
      got.trades.map((t) => t.price),
      want.trades,
      p.key,
    );
    assert.deepEqual(
      got.quotes.map((q) => q.bid),
      want.quotes,
      p.key,
    );
  }
  store.close();
});

test("a reader takes only its partition's rows of extents.bin, and refuses rows of another partition", async () => {
  const dir = join(tmp.dir, 'reader');
  mkdirSync(dir);
  const { paths, expected } = mixedInputs(dir);
  const config = testConfig(dir, {
    inputs: { orders: [paths.orders], trades: [paths.trades], nbbo: [paths.nbbo] },
  });
  const { storeDir, manifest } = await ingestTuned(config, {}, { rangesPerFile: 3, arenaBytes: 4096 });
  const index = extentIndexPath(storeDir);
  // a sparse 3 GiB tail: more than a whole-file read can take (2 GiB), nothing on disk
  truncateSync(index, 3 * 1024 ** 3);
  assert.throws(() => readFileSync(index), { code: 'ERR_FS_FILE_TOO_LARGE' });
  const store = PartitionStore.open(storeDir);
  for (const p of manifest.partitions)
    assert.deepEqual(
      store.readPartition(p.day, p.security_code).orders.map((o) => o.price),
      expected.get(`${p.day}/${p.security_code}`)!.orders,
    );
  // no rows for a partition the store does not hold
  const none = store.readPartition(DAYS[0], 99);
  assert.deepEqual([none.orders.length, none.trades.length, none.quotes.length], [0, 0, 0]);
  store.close();

  // the second partition's first row overwritten by the first partition's first row
  const [first, second] = manifest.partitions;
  const fd = openSync(index, 'r+');
  const row = Buffer.alloc(EXTENT_BYTES);
  readSync(fd, row, 0, EXTENT_BYTES, first.extents_first * EXTENT_BYTES);
  writeSync(fd, row, 0, EXTENT_BYTES, second.extents_first * EXTENT_BYTES);
  closeSync(fd);
  const again = PartitionStore.open(storeDir);
  assert.throws(
    () => again.readPartition(second.day, second.security_code),
    (e: unknown) =>
      isSweepscopeError(e) &&
      e.code === 'STORE_INVALID' &&
      e.message.includes(`row ${second.extents_first} is not of partition ${second.key}`),
  );
  assert.equal(again.readPartition(first.day, first.security_code).orders.length, first.orders);
  again.close();
});

test('a store of another version is refused, not misread', async () => {
  const dir = join(tmp.dir, 'version');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'o.csv'),
    `${ORDERS_HEADER}\n1,1725499800000000000,110621,3330,1,100,100,0,2048,7,,,,,,\n`,
  );
  const config = testConfig(dir, { inputs: { orders: [join(dir, 'o.csv')], trades: [], nbbo: [] } });
  const { storeDir } = await ingestTuned(config, {}, {});
  const manifestPath = join(storeDir, MANIFEST_FILE);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  assert.equal(manifest.version, 2);
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: 1 }));
  assert.throws(
    () => PartitionStore.open(storeDir),
    (e: unknown) =>
      isSweepscopeError(e) && e.code === 'STORE_INVALID' && e.message.includes('store version 1'),
  );
});
