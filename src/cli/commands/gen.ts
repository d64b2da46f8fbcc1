/**
 * `sweepscope gen`: synthetic orders, trades and NBBO dumps, plus a ready-to-run sweepscope.yaml
 * next to them, so `gen --out demo && run --config demo/sweepscope.yaml` works as is.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleConfigYaml } from '../../config/example-config.js';
import { type GenSummary, generate } from '../../gen/generate.js';
import { formatBytes } from '../progress-format.js';

export interface GenCommandOptions {
  out: string;
  securities?: number;
  days?: number;
  ordersPerDay?: number;
  seed?: number;
  gzip?: boolean;
  badRows?: number;
  startDate?: string;
}

export interface GenCommandResult {
  summary: GenSummary;
  configPath: string;
  /** what the command prints */
  report: string;
}

export const GENERATED_CONFIG_NAME = 'sweepscope.yaml';

export async function genCommand(
  opts: GenCommandOptions,
  onProgress?: (bytes: number) => void,
): Promise<GenCommandResult> {
  const outDir = path.resolve(opts.out);
  const summary = await generate({
    outDir,
    securities: opts.securities,
    days: opts.days,
    ordersPerDay: opts.ordersPerDay,
    seed: opts.seed,
    gzip: opts.gzip,
    badRows: opts.badRows,
    startDate: opts.startDate,
    onProgress,
  });
  const relative = (kind: string) =>
    summary.files
      .filter((f) => f.kind === kind)
      .map((f) => path.relative(outDir, f.path).split(path.sep).join('/'));
  const configPath = path.join(outDir, GENERATED_CONFIG_NAME);
  writeFileSync(
    configPath,
    exampleConfigYaml({ orders: relative('orders'), trades: relative('trades'), nbbo: relative('nbbo') }),
  );

  const lines = summary.files.map(
    (f) => `  ${f.kind.padEnd(7)} ${f.path}  ${f.rows} rows, ${formatBytes(f.bytes)} uncompressed`,
  );
  const report = [
    `generated ${summary.orders} orders (${summary.sweeps} sweeps) and ${summary.tradeLegs} trade legs${summary.badRows > 0 ? `, ${summary.badRows} malformed rows` : ''}:`,
    ...lines,
    `  config  ${configPath}`,
    '',
    `next: sweepscope run --config ${path.relative(process.cwd(), configPath) || configPath}`,
  ].join('\n');
  return { summary, configPath, report };
}
