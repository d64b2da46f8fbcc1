import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CsvFileWriter } from '../../src/gen/csv-file-writer.js';

describe('CsvFileWriter', () => {
  it('writes plain and gzip files with the same content and counts uncompressed bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-writer-'));
    try {
      // 20 chunks of 1 MiB: more than the gzip backlog, so the writer has to wait for zlib
      const chunks = Array.from({ length: 20 }, (_, i) => Buffer.alloc(1 << 20, `row ${i}\n`));
      for (const gzip of [false, true]) {
        const w = new CsvFileWriter(join(dir, gzip ? 'x.csv.gz' : 'x.csv'), gzip);
        for (const c of chunks) await w.write(c);
        await w.close();
        assert.equal(w.bytes, 20 << 20);
      }
      const plain = readFileSync(join(dir, 'x.csv'));
      assert.ok(plain.equals(Buffer.concat(chunks)));
      assert.ok(gunzipSync(readFileSync(join(dir, 'x.csv.gz'))).equals(plain));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a gzip file that cannot be written instead of hanging', async () => {
    const path = join(tmpdir(), 'no-such-dir-for-gen', 'x.csv.gz');
    const w = new CsvFileWriter(path, true);
    await assert.rejects(
      (async () => {
        for (let i = 0; i < 20; i++) await w.write(Buffer.alloc(1 << 20, 65));
        await w.close();
      })(),
      (e: Error) => e.message.includes(path),
    );
  });
});
