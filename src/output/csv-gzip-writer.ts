/**
 * Deterministic .csv.gz files. Node's zlib writes a gzip header with mtime 0, no file name and
 * OS byte 3, and deflate output depends only on the bytes and the level, so equal rows give
 * byte-identical files on every run.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { csvHeader, csvRecord } from './csv-format.js';
import type { Schema } from './schemas.js';

export const GZIP_LEVEL = 1;
/** rows are joined into strings of about this many characters before they reach zlib */
const CHUNK_CHARS = 1 << 20;

function* csvChunks<Row>(schema: Schema<Row>, rows: Iterable<Row>): Generator<string> {
  let chunk = csvHeader(schema);
  for (const row of rows) {
    chunk += csvRecord(schema, row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Most partitions are small: one gzipSync + writeFileSync costs a fraction of building a stream
 * pipeline per file (which dominated the per-partition overhead on runs of 10,000+ partitions).
 * Past the first chunk the rows stream through zlib so memory stays bounded. Deflate's output
 * depends only on the bytes and the level, not on how they are fed, so both paths give the same
 * file.
 */
export async function writeCsvGzip<Row>(
  file: string,
  schema: Schema<Row>,
  rows: Iterable<Row>,
): Promise<void> {
  const chunks = csvChunks(schema, rows);
  const first = chunks.next();
  const second = first.done ? first : chunks.next();
  if (second.done) {
    writeFileSync(file, gzipSync(first.done ? '' : first.value, { level: GZIP_LEVEL }));
    return;
  }
  async function* all(): AsyncGenerator<string> {
    yield first.value as string;
    yield second.value as string;
    yield* chunks;
  }
  await pipeline(Readable.from(all()), createGzip({ level: GZIP_LEVEL }), createWriteStream(file));
}

/** Plain (uncompressed) CSV, for the small metrics file. */
export async function writeCsv<Row>(file: string, schema: Schema<Row>, rows: Iterable<Row>): Promise<void> {
  writeFileSync(file, [...csvChunks(schema, rows)].join(''));
}
