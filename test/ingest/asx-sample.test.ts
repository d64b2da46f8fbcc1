/**
 * The real ASX sample (../shared/fixtures/asx-sample, read in place, skipped when absent).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { ingest } from '../../src/ingest/ingest.js';
import { PartitionStore } from '../../src/store/partition-store.js';
import { tempDir, testConfig } from './fixtures.js';

const SAMPLE = resolve('../shared/fixtures/asx-sample');
const present = existsSync(join(SAMPLE, 'trades.csv'));
const tmp = tempDir('asx');
after(tmp.cleanup);

const dataLines = (file: string) => readFileSync(join(SAMPLE, file), 'utf8').trimEnd().split('\n').length - 1;

test('the ASX sample ingests: counts add up, every order lands in 2024-09-05/110621', {
  skip: present ? false : `no sample at ${SAMPLE}`,
}, async () => {
  const config = testConfig(tmp.dir, {
    inputs: {
      orders: [join(SAMPLE, 'orders_final_*.csv')],
      trades: [join(SAMPLE, 'trades.csv')],
      nbbo: [join(SAMPLE, 'nbbo.csv')],
    },
  });
  const { storeDir, manifest } = await ingest(config);
  for (const f of manifest.inputs) {
    assert.equal(f.rows_read, dataLines(f.path.slice(SAMPLE.length + 1)), f.path);
    assert.equal(f.rows_read, f.rows_used + f.rows_filtered + f.rows_rejected, f.path);
    assert.equal(f.rows_rejected, 0, f.path);
  }
  const byName = Object.fromEntries(manifest.inputs.map((f) => [f.path.slice(SAMPLE.length + 1), f]));
  // every sample order is a Centre Point order; the 2024-09-04 file's events are all after 19:00
  // local, so they roll to 2024-09-05 as well
  assert.equal(byName['orders_final_2024-09-05_110621.csv'].rows_used, 8247);
  assert.equal(byName['orders_final_2024-09-04_110621.csv'].rows_used, 21);
  assert.equal(byName['trades.csv'].rows_read, 8302);
  assert.deepEqual(
    manifest.partitions.map((p) => [p.key, p.orders, p.nbbo]),
    [['2024-09-05/110621', 8268, 2]],
  );

  // trades kept = legs whose orderid is one of the sample's orders (counted here independently)
  const ids = new Set<string>();
  for (const f of ['orders_final_2024-09-04_110621.csv', 'orders_final_2024-09-05_110621.csv']) {
    for (const line of readFileSync(join(SAMPLE, f), 'utf8').trimEnd().split('\n').slice(1))
      ids.add(line.split(',')[0]);
  }
  const legs = readFileSync(join(SAMPLE, 'trades.csv'), 'utf8').trimEnd().split('\n').slice(1);
  const expectedTrades = legs.filter((l) => ids.has(l.split(',')[5])).length;
  assert.equal(manifest.partitions[0].trades, expectedTrades);

  const data = PartitionStore.open(storeDir).readPartition(manifest.partitions[0].day, 110621);
  assert.equal(data.orders.length, 8268);
  assert.equal(data.trades.length, expectedTrades);
  // first row of the 2024-09-04 file, exactly
  assert.equal(data.orders[0].orderId, 7901232681961407641n);
  assert.equal(data.orders[0].ts, 1725448941574323178n);
  assert.equal(data.orders[0].orderType, 2048);
});
