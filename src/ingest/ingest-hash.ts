/**
 * The ingest hash names a partition store and decides whether it can be reused: it covers
 * everything that changes the store's content — the resolved input files (path, size, mtime),
 * the column mapping, the calendar (time zone, day cutoff, holidays), the universe selection
 * (Centre Point mask, security codes, date range) and the store format version.
 */
import { createHash } from 'node:crypto';
import type { Config, InputKind } from '../config/types.js';
import type { InputFile } from './expand-inputs.js';

/** Bump when the segment, index or manifest format changes. */
export const STORE_FORMAT_VERSION = 1;

function sortedObject(o: Record<string, string> | undefined): [string, string][] {
  return Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function ingestHash(config: Config, files: Record<InputKind, InputFile[]>): string {
  const identity = (list: InputFile[]) => list.map((f) => [f.path, f.size, f.mtimeMs]);
  const { start, end, allDates } = config.dataSelection.dateRange;
  const content = JSON.stringify({
    format: STORE_FORMAT_VERSION,
    inputs: { orders: identity(files.orders), trades: identity(files.trades), nbbo: identity(files.nbbo) },
    columns: {
      orders: sortedObject(config.columns.orders),
      trades: sortedObject(config.columns.trades),
      nbbo: sortedObject(config.columns.nbbo),
    },
    timezone: config.timezone,
    dayCutoff: config.dayCutoff,
    holidays: [...config.holidays].sort(),
    centrePointMask: config.centrePointMask,
    securityCodes: [...config.dataSelection.securityCodes].sort((a, b) => a - b),
    dateRange: allDates ? 'all' : [start, end],
  });
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}
