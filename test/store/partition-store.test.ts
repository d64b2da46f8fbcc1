/**
 * The store with 10,000+ partitions: few files whatever the partition count, no descriptor left
 * open, and every partition reads back exactly.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingestTuned } from '../../src/ingest/ingest.js';
import { PartitionStore } from '../../src/store/partition-store.js';
import { ORDERS_HEADER, tempDir, testConfig } from '../ingest/fixtures.js';

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
