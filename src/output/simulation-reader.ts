/**
 * The per-order savings_bps (and is_sweep, to select subjects) of a partition's simulation file, read back for the rank tests
 * (SPEC §5), in file order (order_id, scenario). csv.gz is gunzipped and parsed; Parquet is read
 * through the shared DuckDB connection.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ScenarioName } from '../config/types.js';
import { errors } from '../errors.js';
import { parseCsvRecord } from './csv-parse.js';
import { sqlString, withDuckDb } from './duckdb-instance.js';
import type { OutputFormat } from './partition-writer.js';

export interface SavingsValue {
  order_id: bigint;
  scenario: ScenarioName;
  is_sweep: boolean;
  savings_bps: number | null;
}

/**
 * Synchronous on purpose: aggregation reads thousands of small files one after another, and an
 * awaited read per file left the process idle 60% of the time on a run of 10,000 partitions.
 */
function readCsvGzip(file: string): SavingsValue[] {
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString('utf8');
  } catch (e) {
    throw errors.inputUnreadable(file, e);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = parseCsvRecord(lines[0] ?? '');
  const idCol = header.indexOf('order_id');
  const scenarioCol = header.indexOf('scenario');
  const sweepCol = header.indexOf('is_sweep');
  const savingsCol = header.indexOf('savings_bps');
  if (idCol < 0 || scenarioCol < 0 || sweepCol < 0 || savingsCol < 0) {
    throw errors.missingColumn(file, 'order_id, scenario, is_sweep, savings_bps', lines[0] ?? '');
  }
  const values: SavingsValue[] = [];
  for (let i = 1; i < lines.length; i++) {
    try {
      const fields = parseCsvRecord(lines[i]);
      const savings = fields[savingsCol];
      const bps = savings === '' ? null : Number(savings);
      if (bps !== null && !Number.isFinite(bps))
        throw new SyntaxError(`savings_bps "${savings}" is not a number`);
      values.push({
        order_id: BigInt(fields[idCol]),
        scenario: fields[scenarioCol] as ScenarioName,
        is_sweep: fields[sweepCol] === 'true',
        savings_bps: bps,
      });
    } catch (e) {
      throw errors.inputUnreadable(`${file} line ${i + 1}`, e);
    }
  }
  return values;
}

function readParquet(file: string): Promise<SavingsValue[]> {
  return withDuckDb(async (conn) => {
    const reader = await conn.runAndReadAll(
      `SELECT order_id, scenario, is_sweep, savings_bps FROM read_parquet(${sqlString(file)}) ORDER BY order_id, scenario`,
    );
    return reader.getRows().map(([id, scenario, isSweep, bps]) => ({
      order_id: id as bigint,
      scenario: scenario as ScenarioName,
      is_sweep: isSweep as boolean,
      savings_bps: bps as number | null,
    }));
  }).catch((e: unknown) => {
    throw errors.inputUnreadable(file, e);
  });
}

export async function readSavings(file: string, format: OutputFormat): Promise<SavingsValue[]> {
  return format === 'gzip' ? readCsvGzip(file) : readParquet(file);
}
