/**
 * The `aggregated/` folder (SPEC §5): partials of the committed partitions merged into the summary
 * tables, and the statistics on the per-order savings read back from the simulation files. The
 * folder is written as a set: into `aggregated.tmp`, then renamed onto `aggregated`.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { errors } from '../errors.js';
import { fileExtension, isCommitted } from '../output/partition-writer.js';
import { readSavings } from '../output/simulation-reader.js';
import { type Table, tableText } from './csv-table.js';
import { mergePartials } from './merge.js';
import { DIMENSIONS, type PartitionPartials } from './partials.js';
import { addPartitionSavings, emptySample, type SavingsSample } from './savings-samples.js';
import { friedmanTable, ttestTable, wilcoxonTable } from './stats-tables.js';
import {
  dimensionTable,
  globalSummaryTable,
  requestedScenarios,
  scenarioSummaryTable,
} from './summary-tables.js';

export const PARTIALS_FILE = 'partials.json';
export const AGGREGATED_DIR = 'aggregated';

export interface PartitionRef {
  dir: string;
  tradingDate: string;
  securityCode: number;
}

/** Synchronous: thousands of small files are read in a row (see simulation-reader.ts). */
function readPartials(dir: string): PartitionPartials {
  const file = join(dir, PARTIALS_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PartitionPartials;
  } catch (e) {
    throw errors.inputUnreadable(file, e);
  }
}

/** Partitions that were not committed (failed jobs) are left out; run.json reports them. */
export async function writeAggregates(
  outputDir: string,
  config: Config,
  partitions: PartitionRef[],
): Promise<void> {
  const committed = partitions
    .filter((p) => isCommitted(p.dir))
    .sort(
      (a, b) =>
        a.securityCode - b.securityCode ||
        (a.tradingDate < b.tradingDate ? -1 : a.tradingDate > b.tradingDate ? 1 : 0),
    );
  const scenarios = requestedScenarios(config);
  const ext = fileExtension(config.output.format);

  const partialsList: PartitionPartials[] = [];
  const all = emptySample();
  const bySecurity = new Map<number, SavingsSample>();
  for (const p of committed) {
    partialsList.push(readPartials(p.dir));
    let sample = bySecurity.get(p.securityCode);
    if (sample === undefined) {
      sample = emptySample();
      bySecurity.set(p.securityCode, sample);
    }
    const savings = await readSavings(join(p.dir, `simulation.${ext}`), config.output.format);
    addPartitionSavings([all, sample], savings, scenarios, config.simulation.subjects === 'sweeps');
  }
  const merged = mergePartials(partialsList);
  const scoped = [
    { scope: 'ALL', sample: all },
    ...[...bySecurity.entries()].map(([code, sample]) => ({ scope: String(code), sample })),
  ];
  const alpha = config.aggregation.alpha;

  const tables: Record<string, Table> = {
    'global_summary.csv': globalSummaryTable(merged, config),
    'scenario_summary.csv': scenarioSummaryTable(merged, config),
    'stats_ttest.csv': ttestTable(scoped, scenarios, alpha),
    'stats_wilcoxon.csv': wilcoxonTable(scoped, scenarios, alpha),
    'stats_friedman.csv': friedmanTable(scoped, scenarios, alpha),
  };
  // output.aggregate_by names the dimensions without the by_ prefix (security, date, ...)
  for (const dim of DIMENSIONS) {
    if (config.output.aggregateBy.includes(dim.slice('by_'.length)))
      tables[`${dim}.csv`] = dimensionTable(merged, dim, config);
  }

  const finalDir = join(outputDir, AGGREGATED_DIR);
  const tempDir = join(outputDir, `${AGGREGATED_DIR}.tmp`);
  await rm(tempDir, { recursive: true, force: true });
  await mkdir(tempDir, { recursive: true });
  for (const name of Object.keys(tables).sort())
    await writeFile(join(tempDir, name), tableText(tables[name]));
  await rm(finalDir, { recursive: true, force: true });
  await rename(tempDir, finalDir);
}
