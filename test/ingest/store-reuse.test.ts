import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findStore, ingest } from '../../src/ingest/ingest.js';
import { MANIFEST_FILE } from '../../src/store/partition-store.js';
import { ORDERS_HEADER, tempDir, testConfig } from './fixtures.js';

const tmp = tempDir('reuse');
after(tmp.cleanup);

test('a second ingest reuses the store; a touched input, a missing manifest or force rebuild it', async () => {
  const dir = join(tmp.dir, 'in');
  mkdirSync(dir);
  const path = join(dir, 'o.csv');
  writeFileSync(path, `${ORDERS_HEADER}\n1,1725499800000000000,110621,3330,1,100,100,0,2048,7,,,,,,\n`);
  const config = testConfig(tmp.dir, { inputs: { orders: [path], trades: [], nbbo: [] } });

  const first = await ingest(config);
  assert.equal(first.reused, false);
  const notes: string[] = [];
  const progress = { scan() {}, scanDone() {}, jobs() {}, note: (m: string) => notes.push(m), close() {} };
  const second = await ingest(config, { progress });
  assert.deepEqual([second.reused, second.storeDir], [true, first.storeDir]);
  assert.deepEqual(second.manifest, first.manifest);
  assert.deepEqual(notes, [`reusing partition store ${first.storeDir}`]);
  assert.deepEqual(await findStore(config), { storeDir: first.storeDir, manifest: first.manifest });

  assert.equal((await ingest(config, { force: true })).reused, false);

  utimesSync(path, new Date(), new Date(Date.now() + 5000));
  const touched = await ingest(config);
  assert.equal(touched.reused, false);
  assert.notEqual(touched.storeDir, first.storeDir);

  rmSync(join(touched.storeDir, MANIFEST_FILE));
  assert.equal(await findStore(config), null);
  const rebuilt = await ingest(config);
  assert.deepEqual([rebuilt.reused, rebuilt.storeDir], [false, touched.storeDir]);
  assert.ok(existsSync(join(rebuilt.storeDir, MANIFEST_FILE)));
});

test('the store hash follows ingest-relevant config only', async () => {
  const dir = join(tmp.dir, 'cfg');
  mkdirSync(dir);
  const path = join(dir, 'o.csv');
  writeFileSync(path, `${ORDERS_HEADER}\n1,1725499800000000000,110621,3330,1,100,100,0,2048,7,,,,,,\n`);
  const config = testConfig(dir, { inputs: { orders: [path], trades: [], nbbo: [] } });
  const base = await ingest(config);
  const otherHours = testConfig(dir, { inputs: config.inputs });
  otherHours.dataSelection.tradingHours = { start: '09:00', end: '17:00', enabled: false };
  otherHours.simulation.darkFraction = 0.3;
  assert.equal((await ingest(otherHours)).reused, true);
  const otherCutoff = testConfig(dir, { inputs: config.inputs, dayCutoff: '18:00' });
  const rebuilt = await ingest(otherCutoff);
  assert.equal(rebuilt.reused, false);
  assert.notEqual(rebuilt.storeDir, base.storeDir);
});

test('a store written by an older store version is rebuilt in its place, not reused', async () => {
  const dir = join(tmp.dir, 'old');
  mkdirSync(dir);
  const path = join(dir, 'o.csv');
  writeFileSync(path, `${ORDERS_HEADER}\n1,1725499800000000000,110621,3330,1,100,100,0,2048,7,,,,,,\n`);
  const config = testConfig(dir, { inputs: { orders: [path], trades: [], nbbo: [] } });
  const current = await ingest(config);
  // version 1 manifests had no extents_first / extents_count: extents.bin was read whole
  const manifestPath = join(current.storeDir, MANIFEST_FILE);
  const { extents_first, extents_count, ...oldPartition } = current.manifest.partitions[0];
  assert.deepEqual([extents_first, extents_count], [0, 1]);
  writeFileSync(
    manifestPath,
    JSON.stringify({ ...current.manifest, version: 1, partitions: [oldPartition] }),
  );
  assert.equal(await findStore(config), null);

  const rebuilt = await ingest(config);
  assert.deepEqual([rebuilt.reused, rebuilt.storeDir], [false, current.storeDir]);
  assert.equal(rebuilt.manifest.version, 2);
  assert.deepEqual(JSON.parse(readFileSync(manifestPath, 'utf8')).partitions, current.manifest.partitions);
  assert.equal((await ingest(config)).reused, true);
});
