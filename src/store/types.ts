/**
 * The partition store's manifest: what was ingested, from which inputs, with which config, and
 * how many rows each (trading date, security) partition holds. Written last (by rename) when an
 * ingest completes; a store without it is incomplete and never reused.
 */
import type { InputKind } from '../config/types.js';

export interface InputFileStats {
  kind: InputKind;
  path: string;
  size: number;
  mtimeMs: number;
  bytes_read: number;
  rows_read: number;
  rows_used: number;
  rows_filtered: number;
  rows_rejected: number;
}

export interface PartitionInfo {
  /** "YYYY-MM-DD/<security_code>" */
  key: string;
  /** trading date, days since epoch */
  day: number;
  trading_date: string;
  security_code: number;
  orders: number;
  trades: number;
  nbbo: number;
  /** the partition's rows in extents.bin: [extents_first, extents_first + extents_count) */
  extents_first: number;
  extents_count: number;
}

export interface PhaseStats {
  name: string;
  seconds: number;
  bytes: number;
  rows: number;
}

/**
 * Written into every manifest; a store of another version is rebuilt, never read. 2: extents.bin
 * is located through PartitionInfo.extents_first/extents_count.
 */
export const STORE_MANIFEST_VERSION = 2;

export interface StoreManifest {
  /** STORE_MANIFEST_VERSION of the build that wrote it */
  version: number;
  /** hash of everything that decides the store's content: ingest-relevant config + input identities */
  ingestHash: string;
  createdAt: string;
  inputs: InputFileStats[];
  partitions: PartitionInfo[];
  rejects: number;
  phases: PhaseStats[];
}

/** Progress of the scan, reported often enough to drive a progress bar. */
export interface ScanProgress {
  phase: InputKind;
  file: string;
  bytesDone: number;
  bytesTotal: number;
}

export function partitionKey(tradingDate: string, securityCode: number): string {
  return `${tradingDate}/${securityCode}`;
}
