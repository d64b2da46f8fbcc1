/**
 * One partition's result folder, committed atomically (SPEC §6): everything is written into a
 * hidden sibling temp folder, `_SUCCESS` last, and only then is the temp folder renamed onto the
 * final name. A crash at any point leaves either the previous complete folder, no folder, or a
 * hidden temp folder — never a final folder that looks complete without being so.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errors } from '../errors.js';
import type { PartitionResult } from '../model/results.js';
import { writeCsv, writeCsvGzip } from './csv-gzip-writer.js';
import { writeParquet } from './parquet-writer.js';
import {
  MATCHES_SCHEMA,
  METRICS_SCHEMA,
  ORDERS_SCHEMA,
  type Schema,
  SIMULATION_SCHEMA,
  TRADES_SCHEMA,
} from './schemas.js';

export const SUCCESS_FILE = '_SUCCESS';
export type OutputFormat = 'gzip' | 'parquet';

export interface WritePartitionOptions {
  format: OutputFormat;
  /** more files of the folder, name -> text (e.g. partials.json) */
  extraFiles?: Record<string, string>;
  /** content of `_SUCCESS` (e.g. a JSON summary of the job); empty by default */
  successContent?: string;
  /** fault injection for tests: runs after `_SUCCESS` is in the temp folder, before the rename */
  beforeCommit?: () => void | Promise<void>;
}

export function fileExtension(format: OutputFormat): 'csv.gz' | 'parquet' {
  return format === 'gzip' ? 'csv.gz' : 'parquet';
}

export function partitionDir(outputDir: string, tradingDate: string, securityCode: number): string {
  return join(outputDir, 'by_security', `SEC_${securityCode}`, tradingDate);
}

export function isCommitted(dir: string): boolean {
  return existsSync(join(dir, SUCCESS_FILE));
}

export function readSuccess(dir: string): string | null {
  try {
    return readFileSync(join(dir, SUCCESS_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return null;
    throw e;
  }
}

function writeTable<Row>(
  file: string,
  format: OutputFormat,
  schema: Schema<Row>,
  rows: Iterable<Row>,
): Promise<void> {
  return format === 'gzip' ? writeCsvGzip(file, schema, rows) : writeParquet(file, schema, rows);
}

/** Temp folders left by a crashed earlier attempt at the same partition. */
async function removeStaleTempDirs(parent: string, tradingDate: string): Promise<void> {
  const prefix = `.${tradingDate}.tmp-`;
  for (const name of await readdir(parent)) {
    if (name.startsWith(prefix)) await rm(join(parent, name), { recursive: true, force: true });
  }
}

export async function writePartition(
  outputDir: string,
  result: PartitionResult,
  opts: WritePartitionOptions,
): Promise<string> {
  for (const name of Object.keys(opts.extraFiles ?? {})) {
    if (name === SUCCESS_FILE || !/^[\w.-]+$/.test(name) || name.startsWith('.')) {
      throw errors.internal(`extra partition file name "${name}" is not a plain file name`);
    }
  }
  const finalDir = partitionDir(outputDir, result.trading_date, result.security_code);
  const parent = dirname(finalDir);
  await mkdir(parent, { recursive: true });
  await removeStaleTempDirs(parent, result.trading_date);
  const tempDir = join(
    parent,
    `.${result.trading_date}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  await mkdir(tempDir);
  try {
    const ext = fileExtension(opts.format);
    await writeTable(join(tempDir, `orders.${ext}`), opts.format, ORDERS_SCHEMA, result.orders);
    await writeTable(join(tempDir, `trades.${ext}`), opts.format, TRADES_SCHEMA, result.trades);
    await writeTable(join(tempDir, `simulation.${ext}`), opts.format, SIMULATION_SCHEMA, result.simulation);
    await writeTable(join(tempDir, `matches.${ext}`), opts.format, MATCHES_SCHEMA, result.matches);
    await writeCsv(join(tempDir, 'metrics.csv'), METRICS_SCHEMA, result.metrics);
    for (const [name, text] of Object.entries(opts.extraFiles ?? {}).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      await writeFile(join(tempDir, name), text);
    }
    await writeFile(join(tempDir, SUCCESS_FILE), opts.successContent ?? '');
    await opts.beforeCommit?.();
    await rm(finalDir, { recursive: true, force: true });
    await rename(tempDir, finalDir);
  } catch (e) {
    await rm(tempDir, { recursive: true, force: true });
    throw e;
  }
  return finalDir;
}
