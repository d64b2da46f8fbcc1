/**
 * Hashes of the config that decide what a rerun may reuse: the analysis fingerprint (with the
 * partition's content hash it is stamped into _SUCCESS, see commit-stamp.ts) and the whole-config
 * hash recorded in run.json.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/types.js';

/**
 * Bump when what a job writes changes for the same inputs and config (a new column, a fixed
 * formula), so that reruns redo every partition instead of mixing old and new folders.
 */
export const JOB_FORMAT_VERSION = 1;

/** JSON with object keys sorted at every level, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Everything in the config a partition folder's bytes depend on beyond the store's content:
 * the in-scope selection, the simulation, the output format, money scaling, the time zone of the
 * trading-hours window, and the bucketing that shapes partials.json (alpha is applied only when
 * the aggregates are written, so it is left out).
 */
export function analysisConfigOf(config: Config): unknown {
  return {
    participantIds: [...config.dataSelection.participantIds].sort((a, b) => a - b),
    tradingHours: config.dataSelection.tradingHours,
    simulation: config.simulation,
    format: config.output.format,
    priceScale: config.priceScale,
    timezone: config.timezone,
    centrePointMask: config.centrePointMask,
    timeBucketMinutes: config.aggregation.timeBucketMinutes,
    orderSizeEdges: config.aggregation.orderSizeEdges,
  };
}

/** Equal for two configs exactly when a partition with the same content gives the same folder bytes. */
export function analysisFingerprint(config: Config): string {
  return sha256(canonicalJson({ version: JOB_FORMAT_VERSION, analysis: analysisConfigOf(config) }));
}

/** The whole resolved config, for run.json; the file it came from is not part of it. */
export function configHash(config: Config): string {
  const { sourceFile: _ignored, ...rest } = config;
  return sha256(canonicalJson(rest));
}
