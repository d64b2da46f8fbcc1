/**
 * Shared test helpers for the ingest and store tests: a full Config literal (the config loader is
 * another engineer's), temp folders, and a tiny CSV writer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Config } from '../../src/config/types.js';

export function testConfig(dir: string, patch: Partial<Config> = {}): Config {
  return {
    sourceFile: null,
    inputs: { orders: [], trades: [], nbbo: [] },
    processing: {
      mode: 'parallel',
      maxWorkers: 2,
      chunkSizeMb: 1,
      tempDir: join(dir, 'tmp'),
      jobTimeoutS: 600,
      jobRetries: 2,
      memoryMb: 64,
    },
    dataSelection: {
      securityCodes: [],
      dateRange: { start: null, end: null, allDates: true },
      participantIds: [],
      tradingHours: { start: '10:00', end: '16:00', enabled: true },
    },
    simulation: {
      scenarios: ['A', 'B', 'C', 'R'],
      darkFraction: 0.5,
      priceImpactPercent: 0.05,
      subjects: 'sweeps',
    },
    output: { format: 'gzip', outputDir: join(dir, 'out'), aggregateBy: [], detailedLogs: false },
    columns: { orders: {}, trades: {}, nbbo: {} },
    timezone: 'Australia/Sydney',
    dayCutoff: '19:00',
    priceScale: { default: 1000, bySecurity: {} },
    holidays: [],
    centrePointMask: 6464,
    maxRejects: 1000,
    aggregation: { timeBucketMinutes: 30, orderSizeEdges: [100, 1000, 10000], alpha: 0.05 },
    ...patch,
  };
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
