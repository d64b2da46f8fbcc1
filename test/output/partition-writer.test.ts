import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import type { OrderResult } from '../../src/model/results.js';
import { isCommitted, partitionDir, readSuccess, writePartition } from '../../src/output/partition-writer.js';
import { readSavings } from '../../src/output/simulation-reader.js';
import { samplePartition } from './sample-result.js';

const root = mkdtempSync(join(tmpdir(), 'sweepscope-part-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('layout: by_security/SEC_<code>/<date>/ with every file and _SUCCESS', async () => {
  const out = join(root, 'layout');
  const dir = await writePartition(out, samplePartition(), {
    format: 'gzip',
    extraFiles: { 'partials.json': '{"x":1}' },
    successContent: 'done\n',
  });
  assert.equal(dir, join(out, 'by_security', 'SEC_110621', '2024-09-05'));
  assert.equal(partitionDir(out, '2024-09-05', 110621), dir);
  assert.deepEqual(readdirSync(dir).sort(), [
    '_SUCCESS',
    'matches.csv.gz',
    'metrics.csv',
    'orders.csv.gz',
    'partials.json',
    'simulation.csv.gz',
    'trades.csv.gz',
  ]);
  // no temp folder is left next to the committed one
  assert.deepEqual(readdirSync(dirname(dir)), ['2024-09-05']);
  assert.ok(isCommitted(dir));
  assert.equal(readSuccess(dir), 'done\n');
  assert.equal(readFileSync(join(dir, 'partials.json'), 'utf8'), '{"x":1}');
  assert.equal(
    readFileSync(join(dir, 'metrics.csv'), 'utf8'),
    'trading_date,security_code,group,order_count,num_full_fills,num_partial_fills,quantity_traded,total_order_quantity,vwap,fill_ratio\n' +
      '2024-09-05,110621,G2_PARTIALLY_FILLED,1,0,1,200,500,3340,0.4\n' +
      '2024-09-05,110621,OVERALL,2,0,1,200,1000,3340,0.2\n',
  );
  assert.equal(readSuccess(join(out, 'nowhere')), null);
  assert.equal(isCommitted(join(out, 'nowhere')), false);
});

test('csv.gz partitions are byte-identical across writes; savings read back from both formats', async () => {
  const a = await writePartition(join(root, 'a'), samplePartition(), { format: 'gzip' });
  const b = await writePartition(join(root, 'b'), samplePartition(), { format: 'gzip' });
  for (const name of readdirSync(a))
    assert.ok(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name);
  const expected = [
    { order_id: 9_007_199_254_740_993n, scenario: 'A', is_sweep: true, savings_bps: 7.490636704119851 },
    { order_id: 18_446_744_073_709_551_615n, scenario: 'A', is_sweep: true, savings_bps: null },
  ];
  assert.deepEqual(await readSavings(join(a, 'simulation.csv.gz'), 'gzip'), expected);
  const pq = await writePartition(join(root, 'pq'), samplePartition(), { format: 'parquet' });
  assert.ok(existsSync(join(pq, 'orders.parquet')));
  assert.deepEqual(await readSavings(join(pq, 'simulation.parquet'), 'parquet'), expected);
});

test('a crash just before the rename leaves no final folder and no temp folder', async () => {
  const out = join(root, 'crash');
  let sawSuccessInTemp = false;
  await assert.rejects(
    writePartition(out, samplePartition(), {
      format: 'gzip',
      beforeCommit: () => {
        const parent = join(out, 'by_security', 'SEC_110621');
        const [temp] = readdirSync(parent);
        assert.match(temp, /^\.2024-09-05\.tmp-\d+-[0-9a-f]+$/);
        sawSuccessInTemp = existsSync(join(parent, temp, '_SUCCESS'));
        throw new Error('injected crash');
      },
    }),
    /injected crash/,
  );
  assert.ok(sawSuccessInTemp);
  const dir = partitionDir(out, '2024-09-05', 110621);
  assert.equal(existsSync(dir), false);
  assert.deepEqual(readdirSync(dirname(dir)), []);
});

test('a failure while writing keeps the previous complete folder; a rewrite replaces it whole', async () => {
  const out = join(root, 'replace');
  const dir = await writePartition(out, samplePartition(), {
    format: 'gzip',
    successContent: 'first',
    extraFiles: { 'old.txt': 'x' },
  });
  const broken = samplePartition();
  const bad = { ...broken.orders[0] } as OrderResult;
  Object.defineProperty(bad, 'vwap', {
    get() {
      throw new Error('row exploded');
    },
    enumerable: true,
  });
  broken.orders = [broken.orders[0], bad];
  await assert.rejects(
    writePartition(out, broken, { format: 'gzip', successContent: 'second' }),
    /row exploded/,
  );
  assert.equal(readSuccess(dir), 'first');
  assert.deepEqual(readdirSync(dirname(dir)), ['2024-09-05']);

  await writePartition(out, samplePartition(), { format: 'gzip', successContent: 'third' });
  assert.equal(readSuccess(dir), 'third');
  assert.equal(existsSync(join(dir, 'old.txt')), false);
});

test('temp folders of a killed earlier attempt are removed by the next write', async () => {
  const out = join(root, 'stale');
  const stale = join(out, 'by_security', 'SEC_110621', '.2024-09-05.tmp-99999-abcdef');
  mkdirSync(stale, { recursive: true });
  writeFileSync(join(stale, '_SUCCESS'), '');
  assert.equal(isCommitted(partitionDir(out, '2024-09-05', 110621)), false);
  await writePartition(out, samplePartition(), { format: 'gzip' });
  assert.deepEqual(readdirSync(dirname(stale)), ['2024-09-05']);
});

test('extra file names must be plain names and not _SUCCESS', async () => {
  await assert.rejects(
    writePartition(join(root, 'names'), samplePartition(), { format: 'gzip', extraFiles: { '../x': '' } }),
    /plain file name/,
  );
  await assert.rejects(
    writePartition(join(root, 'names'), samplePartition(), { format: 'gzip', extraFiles: { _SUCCESS: '' } }),
    /plain file name/,
  );
});
