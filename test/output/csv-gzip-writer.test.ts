import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GZIP_LEVEL, writeCsvGzip } from '../../src/output/csv-gzip-writer.js';
import { MATCHES_SCHEMA } from '../../src/output/schemas.js';
import { matchRow } from './sample-result.js';

const dir = mkdtempSync(join(tmpdir(), 'sweepscope-gz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('csv.gz: header row, exact values, byte-identical across writes, no name and mtime 0', async () => {
  const rows = [matchRow({ qty: 100 }), matchRow({ qty: 7, price: 3338 })];
  await writeCsvGzip(join(dir, 'a.csv.gz'), MATCHES_SCHEMA, rows);
  await writeCsvGzip(join(dir, 'b.csv.gz'), MATCHES_SCHEMA, rows);
  const a = readFileSync(join(dir, 'a.csv.gz'));
  const b = readFileSync(join(dir, 'b.csv.gz'));
  assert.ok(a.equals(b));
  // gzip header: magic 1f 8b, method 08, flags 00 (no FNAME), mtime 00000000
  assert.deepEqual([...a.subarray(0, 8)], [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]);
  assert.equal(
    gunzipSync(a).toString('utf8'),
    'trading_date,security_code,sweep_order_id,contra_order_id,ts,qty,price\n' +
      '2024-09-05,110621,18446744073709551615,9007199254740993,1725496202000000000,100,3337.5\n' +
      '2024-09-05,110621,18446744073709551615,9007199254740993,1725496202000000000,7,3338\n',
  );
});

test('an empty table still has its header', async () => {
  await writeCsvGzip(join(dir, 'empty.csv.gz'), MATCHES_SCHEMA, []);
  assert.equal(
    gunzipSync(readFileSync(join(dir, 'empty.csv.gz'))).toString('utf8'),
    'trading_date,security_code,sweep_order_id,contra_order_id,ts,qty,price\n',
  );
});

test('a table larger than one chunk streams through zlib and equals the one-shot gzip of its text', async () => {
  // ~70 bytes a row x 40,000 rows = ~2.8 MB of CSV: more than two 1 MiB chunks, so the streaming path runs
  const rows = Array.from({ length: 40_000 }, (_, i) => matchRow({ qty: i + 1 }));
  await writeCsvGzip(join(dir, 'big.csv.gz'), MATCHES_SCHEMA, rows);
  const bytes = readFileSync(join(dir, 'big.csv.gz'));
  const text = gunzipSync(bytes).toString('utf8');
  const lines = text.split('\n');
  assert.equal(lines.length, 40_000 + 2); // header + rows + the empty string after the last LF
  assert.equal(
    lines[40_000],
    '2024-09-05,110621,18446744073709551615,9007199254740993,1725496202000000000,40000,3337.5',
  );
  assert.ok(
    bytes.equals(gzipSync(text, { level: GZIP_LEVEL })),
    'streamed and one-shot deflate agree byte for byte',
  );
});
