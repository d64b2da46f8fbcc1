/**
 * The ingest entry points: build the partition store for a config, or find the complete store a
 * previous ingest left for the same inputs and ingest-relevant config (SPEC §6 resume).
 * A store lives in <processing.temp_dir>/store-<ingestHash>/ and is complete only when its
 * manifest.json exists and is of this build's store version; any other is deleted and rebuilt.
 * While a store is built, <store dir>.lock keeps a second process from building it too.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, InputKind } from '../config/types.js';
import type { ProgressSink } from '../model/progress.js';
import { lockFolder } from '../store/folder-lock.js';
import { MANIFEST_FILE } from '../store/partition-store.js';
import { STORE_MANIFEST_VERSION, type StoreManifest } from '../store/types.js';
import { buildStore, type IngestTuning } from './build-store.js';
import { expandInputs, type InputFile } from './expand-inputs.js';
import { ingestHash } from './ingest-hash.js';

export interface IngestResult {
  storeDir: string;
  manifest: StoreManifest;
  reused: boolean;
}

function resolveInputs(config: Config): Record<InputKind, InputFile[]> {
  return {
    orders: expandInputs('orders', config.inputs.orders),
    trades: expandInputs('trades', config.inputs.trades),
    nbbo: expandInputs('nbbo', config.inputs.nbbo),
  };
}

/** rmdir: a folder holding anything (a built store) stays. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or already gone
  }
}

export function storeDirOf(config: Config, hash: string): string {
  return join(config.processing.tempDir, `store-${hash}`);
}

function completeStore(config: Config, storeDir: string, hash: string): StoreManifest | null {
  const path = join(storeDir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as StoreManifest;
    // an older store format would be misread; a stricter max_rejects than the store was built
    // under must fail again, not be bypassed
    if (
      manifest.version !== STORE_MANIFEST_VERSION ||
      manifest.ingestHash !== hash ||
      manifest.rejects > config.maxRejects
    )
      return null;
    return manifest;
  } catch {
    return null;
  }
}

export async function findStore(
  config: Config,
): Promise<{ storeDir: string; manifest: StoreManifest } | null> {
  const hash = ingestHash(config, resolveInputs(config));
  const storeDir = storeDirOf(config, hash);
  const manifest = completeStore(config, storeDir, hash);
  return manifest ? { storeDir, manifest } : null;
}

export async function ingest(
  config: Config,
  opts?: { progress?: ProgressSink; force?: boolean },
): Promise<IngestResult> {
  return ingestTuned(config, opts ?? {}, {});
}

/** ingest() with scan tuning (range count, read and buffer sizes) for tests and benchmarks. */
export async function ingestTuned(
  config: Config,
  opts: { progress?: ProgressSink; force?: boolean },
  tuning: IngestTuning,
): Promise<IngestResult> {
  const inputs = resolveInputs(config);
  const hash = ingestHash(config, inputs);
  const storeDir = storeDirOf(config, hash);
  if (!opts.force) {
    const manifest = completeStore(config, storeDir, hash);
    if (manifest) {
      opts.progress?.note(`reusing partition store ${storeDir}`);
      return { storeDir, manifest, reused: true };
    }
  }
  const tempDir = config.processing.tempDir;
  const madeTempDir = !existsSync(tempDir);
  mkdirSync(tempDir, { recursive: true });
  const lock = lockFolder(`${storeDir}.lock`, `partition store ${storeDir}`);
  try {
    const manifest = await buildStore(config, storeDir, hash, inputs, opts.progress, tuning);
    return { storeDir, manifest, reused: false };
  } finally {
    lock.release();
    // a failed first ingest leaves no trace, not even the temp folder it made for its lock
    if (madeTempDir) removeIfEmpty(tempDir);
  }
}
