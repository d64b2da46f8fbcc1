/**
 * The extent index is built from the workers' logs in passes: whatever the budget, extents.bin is
 * exactly the rows sorted by (day, security, kind, firstFileOrder), and every partition's counts
 * and row range are right.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EXTENT, EXTENT_FIELDS } from '../../src/store/extent-index.js';
import { writeExtentIndex } from '../../src/store/extent-index-builder.js';
import { ExtentLogWriter } from '../../src/store/extent-log.js';
import { tempDir } from '../ingest/fixtures.js';
import { rng } from '../ingest/reference-model.js';

const tmp = tempDir('extent-index');
after(tmp.cleanup);

type Row = [
  kind: number,
  day: number,
  security: number,
  segment: number,
  offset: number,
  records: number,
  ffo: number,
];

/** Distinct rows over `partitions` partitions, dealt at random to `logs` extent logs. */
function writeLogs(name: string, logs: number, rows: Row[]): string[] {
  const paths = Array.from({ length: logs }, (_, i) => join(tmp.dir, `${name}-${i}.extents`));
  const writers = paths.map((p) => new ExtentLogWriter(p));
  const random = rng(7);
  // appended in batches of 1-3 rows, like flushes
  for (let i = 0; i < rows.length; ) {
    const batch = rows.slice(i, i + 1 + Math.floor(random() * 3));
    writers[Math.floor(random() * logs)].append(Float64Array.from(batch.flat()), batch.length);
    i += batch.length;
  }
  for (const w of writers) w.close();
  return paths;
}

function readIndex(path: string): Row[] {
  const buf = readFileSync(path);
  const x = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const rows: Row[] = [];
  for (let o = 0; o < x.length; o += EXTENT_FIELDS) rows.push([...x.subarray(o, o + EXTENT_FIELDS)] as Row);
  return rows;
}

const byIndexOrder = (a: Row, b: Row) => a[1] - b[1] || a[2] - b[2] || a[0] - b[0] || a[6] - b[6];

function shuffledRows(): Row[] {
  const random = rng(11);
  const rows: Row[] = [];
  // 3 days x 5 securities, each with 1-40 extents of random kind; partition (19972, 3) has 200
  let ffo = 0;
  for (const day of [19971, 19972, 19973]) {
    for (let security = 1; security <= 5; security++) {
      const n = day === 19972 && security === 3 ? 200 : 1 + Math.floor(random() * 40);
      for (let k = 0; k < n; k++)
        rows.push([Math.floor(random() * 3), day, security, k % 2, k * 160, 1 + (k % 7), ffo++ * 3]);
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

test('any budget writes the same fully sorted index; counts and row ranges per partition', () => {
  const rows = shuffledRows();
  const logs = writeLogs('shuffled', 3, rows);
  const expected = [...rows].sort(byIndexOrder);

  // 1 KiB: a read buffer of floor(256 / 56) = 4 rows (224 B), then (1024 - 224) / 56 = 14 rows a
  // pass, so the 200-row partition is a pass of its own beyond the budget and the other
  // partitions take several passes
  const small = writeExtentIndex(logs, join(tmp.dir, 'small.bin'), 1024);
  const large = writeExtentIndex(logs, join(tmp.dir, 'large.bin'), 64 * 1024 * 1024);
  assert.deepEqual(readIndex(join(tmp.dir, 'small.bin')), expected);
  assert.deepEqual(readIndex(join(tmp.dir, 'large.bin')), expected);
  assert.deepEqual(small, large);

  assert.equal(small.length, 15);
  let first = 0;
  for (const p of small) {
    const own = expected.filter((r) => r[1] === p.day && r[2] === p.security);
    const records = (kind: number) => own.filter((r) => r[0] === kind).reduce((s, r) => s + r[5], 0);
    assert.deepEqual(
      [p.extentsFirst, p.extentsCount, p.orders, p.trades, p.nbbo],
      [first, own.length, records(0), records(1), records(2)],
    );
    first += own.length;
  }
  assert.equal(first, rows.length);
  assert.equal(small.find((p) => p.day === 19972 && p.security === 3)?.extentsCount, 200);
});

test('no logged extents: an empty index and no partitions', () => {
  const logs = writeLogs('empty', 2, []);
  assert.deepEqual(writeExtentIndex(logs, join(tmp.dir, 'empty.bin'), 1024), []);
  assert.equal(readFileSync(join(tmp.dir, 'empty.bin')).length, 0);
});

test('a log that is not whole rows is refused naming it', () => {
  const [log] = writeLogs('torn', 1, [[0, 19971, 1, 0, 0, 1, 0]]);
  const w = new ExtentLogWriter(log);
  // 1 row plus half of the next: 56 + 28 bytes
  w.append(Float64Array.from([0, 19971, 1, 0, 0, 1, 0, 0, 19971, 1, 0, 160, 1, 3]), 1.5);
  w.close();
  assert.throws(
    () => writeExtentIndex([log], join(tmp.dir, 'torn.bin'), 1024),
    (e: Error) => e.message.includes(log) && e.message.includes('84 bytes'),
  );
});

test('rows keep every field: kind, segment, offset, records and firstFileOrder', () => {
  const row: Row = [2, 19971, 110621, 1, 2 ** 40 + 8, 12345, 9_000_000_000_001];
  const logs = writeLogs('fields', 1, [row]);
  writeExtentIndex(logs, join(tmp.dir, 'fields.bin'), 1024);
  const [got] = readIndex(join(tmp.dir, 'fields.bin'));
  assert.deepEqual(got, row);
  assert.equal(got[EXTENT.offset], 2 ** 40 + 8);
});
