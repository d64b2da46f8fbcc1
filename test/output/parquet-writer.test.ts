import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sqlString, withDuckDb } from '../../src/output/duckdb-instance.js';
import { writeParquet } from '../../src/output/parquet-writer.js';
import { ORDERS_SCHEMA } from '../../src/output/schemas.js';
import { samplePartition } from './sample-result.js';

const dir = mkdtempSync(join(tmpdir(), 'sweepscope-pq-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('Parquet round trip: UBIGINT ids exact above 2^53, typed columns, nulls, ms as exact decimals', async () => {
  const file = join(dir, "o'rders.parquet");
  await writeParquet(file, ORDERS_SCHEMA, samplePartition().orders);
  const { types, rows } = await withDuckDb(async (conn) => {
    const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
    const read = await conn.runAndReadAll(
      `SELECT order_id, CAST(trading_date AS VARCHAR), participant_id, arrival_mid, CAST(time_to_first_fill_ms AS VARCHAR),
              is_sweep, notional, arrival_ts, "group" FROM read_parquet(${sqlString(file)}) ORDER BY order_id`,
    );
    return { types: Object.fromEntries(described.getRows().map((r) => [r[0], r[1]])), rows: read.getRows() };
  });
  assert.equal(types.order_id, 'UBIGINT');
  assert.equal(types.trading_date, 'DATE');
  assert.equal(types.arrival_ts, 'BIGINT');
  assert.equal(types.time_to_first_fill_ms, 'DECIMAL(38,6)');
  assert.equal(types.is_sweep, 'BOOLEAN');
  assert.equal(types.group, 'VARCHAR');
  assert.deepEqual(rows, [
    [
      9_007_199_254_740_993n,
      '2024-09-05',
      7n,
      3337.5,
      '1.500000',
      true,
      668_000n,
      1_725_496_200_000_000_000n,
      'G2_PARTIALLY_FILLED',
    ],
    [
      18_446_744_073_709_551_615n,
      '2024-09-05',
      null,
      null,
      null,
      true,
      0n,
      1_725_496_200_000_000_000n,
      'G3_NOT_EXECUTED',
    ],
  ]);
});

test('Parquet files are byte-identical across writes', async () => {
  await writeParquet(join(dir, 'a.parquet'), ORDERS_SCHEMA, samplePartition().orders);
  await writeParquet(join(dir, 'b.parquet'), ORDERS_SCHEMA, samplePartition().orders);
  assert.ok(readFileSync(join(dir, 'a.parquet')).equals(readFileSync(join(dir, 'b.parquet'))));
});
