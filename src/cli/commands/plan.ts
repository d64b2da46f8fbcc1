/**
 * `sweepscope plan`: the job matrix of a run, one row per (trading date, security) partition with
 * its row counts. Read from the matching partition store, or scanned now (and reused by `run`).
 */
import type { ConfigOverrides } from '../../config/load-config.js';
import { loadConfig } from '../../config/load-config.js';
import { type ProgressSink, silentProgress } from '../../model/progress.js';
import type { PartitionInfo } from '../../store/types.js';

export interface PlanOptions {
  config: string;
  json?: boolean;
  overrides?: ConfigOverrides;
}

export interface Plan {
  storeDir: string;
  /** true when this command scanned the inputs; false when an existing store answered */
  scanned: boolean;
  partitions: PartitionInfo[];
  totals: { partitions: number; orders: number; trades: number; nbbo: number };
}

/** Partitions in the order jobs are planned: by security, then trading date. */
function byJobOrder(a: PartitionInfo, b: PartitionInfo): number {
  return a.security_code - b.security_code || a.trading_date.localeCompare(b.trading_date);
}

export async function buildPlan(opts: PlanOptions, progress: ProgressSink = silentProgress): Promise<Plan> {
  const config = loadConfig(opts.config, opts.overrides);
  // loaded after the config so a bad config fails fast
  const { findStore, ingest } = await import('../../ingest/ingest.js');
  let found = await findStore(config);
  let scanned = false;
  if (!found) {
    progress.note(
      'no partition store matches this config and these inputs yet: scanning them now (run will reuse it)',
    );
    const built = await ingest(config, { progress });
    found = { storeDir: built.storeDir, manifest: built.manifest };
    scanned = true;
  }
  const partitions = [...found.manifest.partitions].sort(byJobOrder);
  const totals = { partitions: partitions.length, orders: 0, trades: 0, nbbo: 0 };
  for (const p of partitions) {
    totals.orders += p.orders;
    totals.trades += p.trades;
    totals.nbbo += p.nbbo;
  }
  return { storeDir: found.storeDir, scanned, partitions, totals };
}

export function formatPlan(plan: Plan, json: boolean): string {
  if (json) {
    return JSON.stringify(
      {
        store_dir: plan.storeDir,
        scanned: plan.scanned,
        totals: plan.totals,
        partitions: plan.partitions.map((p) => ({
          trading_date: p.trading_date,
          security_code: p.security_code,
          orders: p.orders,
          trades: p.trades,
          nbbo: p.nbbo,
        })),
      },
      null,
      2,
    );
  }
  const header = ['trading_date', 'security_code', 'orders', 'trades', 'nbbo'];
  const rows = plan.partitions.map((p) => [
    p.trading_date,
    String(p.security_code),
    String(p.orders),
    String(p.trades),
    String(p.nbbo),
  ]);
  const total = [
    'TOTAL',
    plan.totals.partitions === 1 ? '1 job' : `${plan.totals.partitions} jobs`,
    String(plan.totals.orders),
    String(plan.totals.trades),
    String(plan.totals.nbbo),
  ];
  const widths = header.map((h, i) => Math.max(h.length, total[i].length, ...rows.map((r) => r[i].length)));
  // dates and names left-aligned, counts right-aligned
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `partition store: ${plan.storeDir} (${plan.scanned ? 'scanned now; run will reuse it' : 'existing, reused'})`,
    '',
    fmt(header),
    ...rows.map(fmt),
    fmt(total),
  ].join('\n');
}
