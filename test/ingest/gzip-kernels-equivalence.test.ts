/**
 * The .gz path (blocks copied into WebAssembly memory, the orders and trades kernels of
 * block-scanner.ts settling most rows) must build exactly the store the plain path builds from the
 * same CSV: same per-file counts, same partitions, the same rows in the same order, the same
 * rejects. Generated data in the exchange's own column layout (the one the kernels serve), with
 * malformed rows, several trading days (the trades kernel works one day's filter at a time) and
 * small blocks, so days change inside and between blocks and most blocks go through the kernels.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generate } from '../../src/gen/generate.js';
import { ingestTuned } from '../../src/ingest/ingest.js';
import { PartitionStore, rejectsPath } from '../../src/store/partition-store.js';
import { tempDir, testConfig } from './fixtures.js';

const tmp = tempDir('gzip-kernels');
after(tmp.cleanup);

const KINDS = ['orders', 'trades', 'nbbo'] as const;

async function ingestOf(dir: string, ext: string, workers: number, blockBytes: number) {
  const config = testConfig(dir, {
    inputs: {
      orders: [join(tmp.dir, 'data', `orders.${ext}`)],
      trades: [join(tmp.dir, 'data', `trades.${ext}`)],
      nbbo: [join(tmp.dir, 'data', `nbbo.${ext}`)],
    },
    maxRejects: 1_000_000,
  });
  config.processing.maxWorkers = workers;
  const { storeDir, manifest } = await ingestTuned(config, { force: true }, { rangeBytes: blockBytes });
  return { storeDir, manifest };
}

test('a .gz ingest builds the very store a plain ingest of the same CSV builds', async () => {
  const data = join(tmp.dir, 'data');
  mkdirSync(data, { recursive: true });
  await generate({ outDir: data, securities: 3, days: 4, ordersPerDay: 400, seed: 29, badRows: 60 });
  for (const kind of KINDS)
    writeFileSync(join(data, `${kind}.csv.gz`), gzipSync(readFileSync(join(data, `${kind}.csv`))));

  const plain = await ingestOf(join(tmp.dir, 'plain'), 'csv', 2, 1 << 20);
  for (const [workers, blockBytes] of [
    [2, 64 * 1024],
    [1, 7 * 1024],
    [3, 300 * 1024],
  ]) {
    const gz = await ingestOf(join(tmp.dir, `gz-${workers}-${blockBytes}`), 'csv.gz', workers, blockBytes);
    const counts = (m: typeof plain.manifest) =>
      m.inputs.map((i) => [i.kind, i.rows_read, i.rows_used, i.rows_filtered, i.rows_rejected]);
    assert.deepEqual(counts(gz.manifest), counts(plain.manifest));
    assert.ok(plain.manifest.rejects > 0, 'the malformed rows are there');
    const parts = (m: typeof plain.manifest) => m.partitions.map((p) => [p.key, p.orders, p.trades, p.nbbo]);
    assert.deepEqual(parts(gz.manifest), parts(plain.manifest));

    const a = PartitionStore.open(plain.storeDir);
    const b = PartitionStore.open(gz.storeDir);
    try {
      for (const p of plain.manifest.partitions) {
        const want = a.readPartition(p.day, p.security_code);
        const got = b.readPartition(p.day, p.security_code);
        assert.deepEqual(got, want, `partition ${p.key}`);
      }
    } finally {
      a.close();
      b.close();
    }
    // the same rejects, at the same lines (the file names differ by .gz)
    const rejects = (storeDir: string) =>
      readFileSync(rejectsPath(storeDir), 'utf8').replaceAll('.csv.gz,', '.csv,').split('\n').sort();
    assert.deepEqual(rejects(gz.storeDir), rejects(plain.storeDir));
  }
});
