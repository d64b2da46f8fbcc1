import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CsvFileWriter } from './csv-file-writer.js';
import { NBBO_HEADER, ORDERS_HEADER, TRADES_HEADER } from './csv-headers.js';
import { MarketSim, type SimOptions } from './market-sim.js';

/** `sweepscope gen` (SPEC §9): seeded synthetic orders, trades and NBBO dumps. */
export interface GenOptions {
  outDir: string;
  /** default 5 */
  securities?: number;
  /** trading days, default 5 */
  days?: number;
  /** orders per security per day, default 2000 */
  ordersPerDay?: number;
  /** default 1 */
  seed?: number;
  gzip?: boolean;
  /** default 2024-10-01, so 5 or more trading days straddle the 2024-10-06 AEST -> AEDT switch */
  startDate?: string;
  /** malformed rows to inject, half in orders and half in trades; default 0 */
  badRows?: number;
  /** IANA zone, default Australia/Sydney */
  timezone?: string;
  /** fraction of orders that are Centre Point, default 0.12 (about 12 % of order rows) */
  centrePointShare?: number;
  /** uncompressed bytes written so far, called after each chunk */
  onProgress?: (bytes: number) => void;
}

export type GenFileKind = 'orders' | 'trades' | 'nbbo';

export interface GenSummary {
  /** `rows` excludes the header and includes the malformed rows; `bytes` is uncompressed */
  files: { kind: GenFileKind; path: string; rows: number; bytes: number; badRows: number }[];
  sweeps: number;
  orders: number;
  tradeLegs: number;
  badRows: number;
  /** most simulation events queued at once: flat in ordersPerDay, the evidence of bounded memory */
  peakQueuedEvents: number;
}

export function resolveSimOptions(opts: Omit<GenOptions, 'outDir' | 'gzip' | 'onProgress'>): SimOptions {
  const sim: SimOptions = {
    securities: opts.securities ?? 5,
    days: opts.days ?? 5,
    ordersPerDay: opts.ordersPerDay ?? 2000,
    seed: opts.seed ?? 1,
    startDate: opts.startDate ?? '2024-10-01',
    timezone: opts.timezone ?? 'Australia/Sydney',
    centrePointShare: opts.centrePointShare ?? 0.12,
    badRows: opts.badRows ?? 0,
  };
  for (const key of ['securities', 'days', 'ordersPerDay', 'badRows'] as const) {
    if (!Number.isInteger(sim[key]) || sim[key] < 0)
      throw new RangeError(`gen: ${key} must be a whole number >= 0, got ${sim[key]}`);
  }
  if (!Number.isInteger(sim.seed)) throw new RangeError(`gen: seed must be an integer, got ${sim.seed}`);
  if (!(sim.centrePointShare >= 0 && sim.centrePointShare <= 1)) {
    throw new RangeError(`gen: centrePointShare must be within [0, 1], got ${sim.centrePointShare}`);
  }
  return sim;
}

export async function generate(opts: GenOptions): Promise<GenSummary> {
  const sim = new MarketSim(resolveSimOptions(opts));
  mkdirSync(opts.outDir, { recursive: true });
  const ext = opts.gzip ? '.csv.gz' : '.csv';
  const out = {
    orders: new CsvFileWriter(join(opts.outDir, `orders${ext}`), opts.gzip === true),
    trades: new CsvFileWriter(join(opts.outDir, `trades${ext}`), opts.gzip === true),
    nbbo: new CsvFileWriter(join(opts.outDir, `nbbo${ext}`), opts.gzip === true),
  };
  const totalBytes = () => out.orders.bytes + out.trades.bytes + out.nbbo.bytes;
  const writeReady = async (): Promise<void> => {
    for (const buf of sim.orders.take()) await out.orders.write(buf);
    for (const buf of sim.trades.take()) await out.trades.write(buf);
    for (const buf of sim.nbbo.take()) await out.nbbo.write(buf);
    opts.onProgress?.(totalBytes());
  };
  try {
    await out.orders.write(Buffer.from(`${ORDERS_HEADER}\n`));
    await out.trades.write(Buffer.from(`${TRADES_HEADER}\n`));
    await out.nbbo.write(Buffer.from(`${NBBO_HEADER}\n`));
    while (sim.step()) {
      if (sim.hasReady) await writeReady();
    }
    await writeReady();
  } finally {
    await Promise.all([out.orders.close(), out.trades.close(), out.nbbo.close()]);
  }
  const c = sim.counters;
  return {
    files: [
      {
        kind: 'orders',
        path: out.orders.path,
        rows: c.orderRows + c.badOrderRows,
        bytes: out.orders.bytes,
        badRows: c.badOrderRows,
      },
      {
        kind: 'trades',
        path: out.trades.path,
        rows: c.tradeRows + c.badTradeRows,
        bytes: out.trades.bytes,
        badRows: c.badTradeRows,
      },
      { kind: 'nbbo', path: out.nbbo.path, rows: c.nbboRows, bytes: out.nbbo.bytes, badRows: 0 },
    ],
    sweeps: c.sweeps,
    orders: c.orders,
    tradeLegs: c.tradeLegs,
    badRows: c.badOrderRows + c.badTradeRows,
    peakQueuedEvents: sim.peakQueued,
  };
}

/** Largest ordersPerDay the estimate simulates: bytes per order hardly move beyond it (< 2 %). */
const ESTIMATE_ORDERS_CAP = 20_000;

/**
 * Uncompressed bytes per generated order in each file, measured on a small in-memory run of the
 * same mix (2 securities, 1 day), so a benchmark can pick ordersPerDay for a target size:
 * ordersPerDay ≈ targetOrdersBytes / (orders × securities × days). Thin books (small ordersPerDay)
 * fill less, so the estimate follows the requested ordersPerDay up to ESTIMATE_ORDERS_CAP.
 */
export function estimateBytesPerOrder(
  opts: Pick<GenOptions, 'ordersPerDay' | 'centrePointShare' | 'seed'> = {},
): { orders: number; trades: number; nbbo: number } {
  const ordersPerDay = Math.min(opts.ordersPerDay ?? ESTIMATE_ORDERS_CAP, ESTIMATE_ORDERS_CAP);
  const sim = new MarketSim(resolveSimOptions({ ...opts, securities: 2, days: 1, ordersPerDay }));
  const bytes = { orders: 0, trades: 0, nbbo: 0 };
  const count = (): void => {
    for (const kind of ['orders', 'trades', 'nbbo'] as const)
      for (const buf of sim[kind].take()) bytes[kind] += buf.length;
  };
  while (sim.step()) count();
  count();
  const n = Math.max(1, sim.counters.orders);
  return { orders: bytes.orders / n, trades: bytes.trades / n, nbbo: bytes.nbbo / n };
}
