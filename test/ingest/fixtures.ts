/**
 * Shared test helpers for the ingest and store tests: a full Config literal (the config loader is
 * another engineer's), temp folders, and a tiny CSV writer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';

export function testConfig(dir: string, patch: Partial<Config> = {}): Config {
  const config = defaultConfig();
  // small buffers and two scan threads so tests cross chunk and range boundaries
  config.processing = { ...config.processing, mode: 'parallel', maxWorkers: 2, chunkSizeMb: 1, memoryMb: 64 };
  config.processing.tempDir = join(dir, 'tmp');
  config.output.outputDir = join(dir, 'out');
  return { ...config, ...patch };
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sweepscope-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeText(path: string, text: string, gzip = false): string {
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

export const ORDERS_HEADER =
  'order_id,timestamp,security_code,price,side,quantity,leavesquantity,totalmatchedquantity,exchangeordertype,participantid,sequence,changereason,national_bid,national_offer,minimumquantity,midtick';
export const NBBO_HEADER = 'orderbookid,timestamp,bidprice,offerprice';
