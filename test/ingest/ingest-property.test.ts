/**
 * Property test of the whole ingest against the naive reference model (reference-model.ts): for
 * random inputs, read sizes (7..200 bytes or 1 MiB), 1..5 byte ranges per file, one or two gzipped
 * files cut into tiny blocks (two are inflated at once), 1..3 workers and tiny record buffers (many
 * flushes), every partition holds exactly the rows the reference routes there, in file order;
 * per-file counts match and add up; rejects carry the right line numbers.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingestTuned } from '../../src/ingest/ingest.js';
import { PartitionStore, rejectsPath } from '../../src/store/partition-store.js';
import { formatDate } from '../../src/time/trading-calendar.js';
import { tempDir, testConfig, writeText } from './fixtures.js';
import { generateInputs, type ReferenceFile, referenceIngest, rng } from './reference-model.js';

const tmp = tempDir('ingest-property');
after(tmp.cleanup);

function rejectLines(storeDir: string): string[] {
  const lines = readFileSync(rejectsPath(storeDir), 'utf8').split('\n');
  assert.equal(lines[0], 'file,line,reason,raw');
  // raw text may hold quoted newlines: keep only rows that start with a file path
  return lines
    .filter((l) => l.startsWith(tmp.dir))
    .map((l) => {
      const [file, line, reason] = l.split(',');
      assert.ok(reason.length > 0, 'a reject names its reason');
      return `${file}:${line}`;
    })
    .sort();
}

test('the store equals the reference model for random inputs, chunk sizes, ranges and workers', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = rng(seed * 7919);
    const dir = join(tmp.dir, `s${seed}`);
    const inputs = generateInputs(seed, 60);
    mkdirSync(dir, { recursive: true });
    // the first orders file is gzipped in some runs; its blocks are then 40..400 bytes. The second
    // one is too in some of those runs (its own draw, so the other draws stay as they were): with
    // 2..3 workers both are inflated at once and their blocks interleave.
    const gz = r() < 0.4;
    const gzB = gz && rng(seed * 104_729)() < 0.5;
    const files: ReferenceFile[] = [
      {
        path: writeText(join(dir, gz ? 'orders-a.csv.gz' : 'orders-a.csv'), inputs.orders[0], gz),
        kind: 'orders',
        fileIndex: 0,
        text: inputs.orders[0],
      },
      {
        path: writeText(join(dir, gzB ? 'orders-b.csv.gz' : 'orders-b.csv'), inputs.orders[1], gzB),
        kind: 'orders',
        fileIndex: 1,
        text: inputs.orders[1],
      },
      { path: writeText(join(dir, 'nbbo.csv'), inputs.nbbo), kind: 'nbbo', fileIndex: 2, text: inputs.nbbo },
      {
        path: writeText(join(dir, 'trades.csv'), inputs.trades),
        kind: 'trades',
        fileIndex: 3,
        text: inputs.trades,
      },
    ];
    const allDates = r() < 0.5;
    const config = testConfig(dir, {
      inputs: { orders: [join(dir, 'orders-*.csv*')], trades: [files[3].path], nbbo: [files[2].path] },
      maxRejects: 100_000,
    });
    config.processing.maxWorkers = 1 + Math.floor(r() * 3);
    config.dataSelection.dateRange = { start: '2024-09-03', end: '2024-09-06', allDates };
    if (r() < 0.5) config.dataSelection.securityCodes = [110621, 4_000_000_000];
    const tuning = {
      chunkBytes: r() < 0.8 ? 7 + Math.floor(r() * 194) : 1 << 20,
      rangesPerFile: 1 + Math.floor(r() * 5),
      arenaBytes: 160 * (1 + Math.floor(r() * 8)),
      rangeBytes: 40 + Math.floor(r() * 360),
    };
    const label = `seed ${seed} ${JSON.stringify(tuning)} workers ${config.processing.maxWorkers}`;
    const expected = referenceIngest(config, files);
    const { storeDir, manifest } = await ingestTuned(config, { force: true }, tuning);

    assert.deepEqual(
      manifest.inputs.map((f) => f.path),
      files.map((f) => f.path),
    );
    for (const f of manifest.inputs) {
      const c = expected.counts.get(f.path)!;
      assert.deepEqual(
        [f.rows_read, f.rows_used, f.rows_filtered, f.rows_rejected],
        [c.read, c.used, c.filtered, c.rejected],
        `${label} ${f.path}`,
      );
      assert.equal(f.rows_read, f.rows_used + f.rows_filtered + f.rows_rejected);
    }
    const expectedKeys = [...expected.partitions.values()]
      .filter((p) => p.orders.length > 0)
      .map((p) => `${formatDate(p.day)}/${p.securityCode}`)
      .sort();
    assert.deepEqual(manifest.partitions.map((p) => p.key).sort(), expectedKeys, label);
    const store = PartitionStore.open(storeDir);
    for (const p of manifest.partitions) {
      const want = expected.partitions.get(`${p.day}/${p.security_code}`)!;
      assert.deepEqual(store.readPartition(p.day, p.security_code), want, `${label} ${p.key}`);
      assert.deepEqual(
        [p.orders, p.trades, p.nbbo],
        [want.orders.length, want.trades.length, want.quotes.length],
      );
    }
    store.close();
    assert.deepEqual(rejectLines(storeDir), expected.rejects.map((x) => `${x.file}:${x.line}`).sort(), label);
  }
});
