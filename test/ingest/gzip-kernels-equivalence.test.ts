/**
 * The .gz path (blocks copied into WebAssembly memory, the orders and trades kernels of
 * block-scanner.ts settling most rows) must build exactly the store the plain path builds from the
 * same CSV: same per-file counts, same partitions, the same rows in the same order, the same
 * rejects. Generated data in the exchange's own column layout (the one the kernels serve), with
 * malformed rows, several trading days (the trades kernel works one day's filter at a time) and
 * small blocks, so days change inside and between blocks and most blocks go through the kernels.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generate } from '../../src/gen/generate.js';
import { ingestTuned } from '../../src/ingest/ingest.js';
import { PartitionStore, rejectsPath } from '../../src/store/partition-store.js';
import { tempDir, testConfig } from './fixtures.js';

const tmp = tempDir('gzip-kernels');
after(tmp.cleanup);

const KINDS = ['orders', 'trades', 'nbbo'] as const;

async function ingestOf(
  dir: string,
  inputs: { orders: string[]; trades: string[]; nbbo: string[] },
  workers: number,
  blockBytes: number,
) {
  const config = testConfig(dir, { inputs, maxRejects: 1_000_000 });
  config.processing.maxWorkers = workers;
  const { storeDir, manifest } = await ingestTuned(config, { force: true }, { rangeBytes: blockBytes });
  return { storeDir, manifest };
}

type Ingested = Awaited<ReturnType<typeof ingestOf>>;

/** Same counts, partitions, rows in order and rejects (file names aside: .csv vs .csv.gz). */
function assertSameStore(gz: Ingested, plain: Ingested): void {
  const counts = (m: Ingested['manifest']) =>
    m.inputs.map((i) => [i.kind, i.rows_read, i.rows_used, i.rows_filtered, i.rows_rejected]);
  assert.deepEqual(counts(gz.manifest), counts(plain.manifest));
  const parts = (m: Ingested['manifest']) => m.partitions.map((p) => [p.key, p.orders, p.trades, p.nbbo]);
  assert.deepEqual(parts(gz.manifest), parts(plain.manifest));
  const a = PartitionStore.open(plain.storeDir);
  const b = PartitionStore.open(gz.storeDir);
  try {
    for (const p of plain.manifest.partitions)
      assert.deepEqual(
        b.readPartition(p.day, p.security_code),
        a.readPartition(p.day, p.security_code),
        p.key,
      );
  } finally {
    a.close();
    b.close();
  }
  const rejects = (storeDir: string) =>
    readFileSync(rejectsPath(storeDir), 'utf8').replaceAll('.csv.gz,', '.csv,').split('\n').sort();
  assert.deepEqual(rejects(gz.storeDir), rejects(plain.storeDir));
}

const SAMPLE = resolve('../shared/fixtures/asx-sample');
const samplePresent = existsSync(join(SAMPLE, 'trades.csv'));

test('a .gz ingest builds the very store a plain ingest of the same CSV builds', async () => {
  const data = join(tmp.dir, 'data');
  mkdirSync(data, { recursive: true });
  await generate({ outDir: data, securities: 3, days: 4, ordersPerDay: 400, seed: 29, badRows: 60 });
  for (const kind of KINDS)
    writeFileSync(join(data, `${kind}.csv.gz`), gzipSync(readFileSync(join(data, `${kind}.csv`))));

  const paths = (ext: string) => ({
    orders: [join(data, `orders.${ext}`)],
    trades: [join(data, `trades.${ext}`)],
    nbbo: [join(data, `nbbo.${ext}`)],
  });
  const plain = await ingestOf(join(tmp.dir, 'plain'), paths('csv'), 2, 1 << 20);
  assert.ok(plain.manifest.rejects > 0, 'the malformed rows are there');
  for (const [workers, blockBytes] of [
    [2, 64 * 1024],
    [1, 7 * 1024],
    [3, 300 * 1024],
  ]) {
    const gz = await ingestOf(
      join(tmp.dir, `gz-${workers}-${blockBytes}`),
      paths('csv.gz'),
      workers,
      blockBytes,
    );
    assertSameStore(gz, plain);
  }
});

test('the real exchange sample gives the same store gzipped as plain', {
  skip: samplePresent ? false : `no sample at ${SAMPLE}`,
}, async () => {
  // gzipped copies in the test's temp folder; the sample itself is read in place
  const gzDir = join(tmp.dir, 'sample-gz');
  mkdirSync(gzDir, { recursive: true });
  const names = readdirSync(SAMPLE).filter((n) => /^(orders_final_.*|trades|nbbo)\.csv$/.test(n));
  for (const name of names)
    writeFileSync(join(gzDir, `${name}.gz`), gzipSync(readFileSync(join(SAMPLE, name))));
  const inputs = (dir: string, ext: string) => ({
    orders: [join(dir, `orders_final_*.${ext}`)],
    trades: [join(dir, `trades.${ext}`)],
    nbbo: [join(dir, `nbbo.${ext}`)],
  });
  const plain = await ingestOf(join(tmp.dir, 'sample-plain'), inputs(SAMPLE, 'csv'), 2, 1 << 20);
  assert.ok(plain.manifest.partitions.length > 0);
  for (const blockBytes of [16 * 1024, 256 * 1024]) {
    const gz = await ingestOf(
      join(tmp.dir, `sample-gz-${blockBytes}`),
      inputs(gzDir, 'csv.gz'),
      2,
      blockBytes,
    );
    assertSameStore(gz, plain);
  }
});
