/**
 * The `sweepscope` command line (SPEC §9): commander wiring, help texts, and the mapping of
 * failures onto exit codes — 0 all good, 2 bad config or usage, 1 anything else. Command modules
 * load on use, so `init` or `--help` never pulls in the pipeline (DuckDB, workers).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { ConfigOverrides } from '../config/load-config.js';
import { isSweepscopeError } from '../errors.js';
import { silentProgress } from '../model/progress.js';
import { parseDate } from '../time/trading-calendar.js';
import { createLogger, LOG_LEVELS } from '../util/logger.js';
import { createProgress } from './progress.js';
import { formatBytes } from './progress-format.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function wholeNumber(min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    return Number(value);
  };
}

function workersOption(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : wholeNumber(1)(value);
}

function dateOption(value: string): string {
  try {
    parseDate(value);
  } catch {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  }
  return value;
}

function securityListOption(value: string): number[] {
  return value.split(',').map((s) => wholeNumber(0)(s.trim()));
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Flags that narrow or redirect a run, shared by `plan` and `run`. */
function selectionOverrides(o: { securities?: number[]; from?: string; to?: string }): ConfigOverrides {
  return { securityCodes: o.securities, dateStart: o.from, dateEnd: o.to };
}

export function buildProgram(io: CliIo, setExitCode: (code: number) => void) {
  const program = new Command()
    .name('sweepscope')
    .description(
      'Execution quality of Centre Point sweep orders in ASX-style order-event and trade dumps: one streaming ' +
        'pass over the inputs, one job per (trading date, security), then aggregates and statistics.',
    )
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Quick start:
  $ sweepscope gen --out demo
  $ sweepscope run --config demo/sweepscope.yaml

Exit codes: 0 every partition succeeded, 2 bad config or usage, 1 anything else.`,
    );

  program
    .command('init')
    .description('Write a commented example config with every key and its default.')
    .argument('[file]', 'config file to write', 'sweepscope.yaml')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Example:
  $ sweepscope init my-run.yaml

Output: the YAML file; edit inputs: to point at your CSV/CSV.gz dumps.`,
    )
    .action(async (file, o) => {
      const { initCommand } = await import('./commands/init.js');
      io.stdout(`wrote ${initCommand({ file, force: o.force })}\n`);
    });

  program
    .command('gen')
    .description(
      'Generate synthetic orders, trades and NBBO dumps (seeded, reproducible) for demos, tests and benchmarks.',
    )
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--securities <n>', 'securities', wholeNumber(1))
    .option('--days <n>', 'trading days', wholeNumber(1))
    .option('--orders-per-day <n>', 'orders per security per day', wholeNumber(1))
    .option('--seed <n>', 'random seed; the same seed gives the same bytes', wholeNumber(0))
    .option('--gzip', 'write .csv.gz instead of .csv')
    .option('--bad-rows <n>', 'malformed rows to inject (to see rejects/)', wholeNumber(0))
    .option('--start-date <date>', 'first trading date YYYY-MM-DD', dateOption)
    .addHelpText(
      'after',
      `
Example:
  $ sweepscope gen --out demo --securities 3 --days 5 --seed 7 --gzip

Outputs in --out: orders, trades and nbbo CSV files, and sweepscope.yaml pointing at them
(overwritten on each gen), ready for: sweepscope run --config <out>/sweepscope.yaml`,
    )
    .action(async (o) => {
      let lastReport = Date.now();
      const onProgress = (bytes: number) => {
        const now = Date.now();
        if (now - lastReport < 2000) return;
        lastReport = now;
        io.stderr(`gen: ${formatBytes(bytes)} written\n`);
      };
      const { genCommand } = await import('./commands/gen.js');
      const result = await genCommand(o, onProgress);
      io.stdout(`${result.report}\n`);
    });

  program
    .command('plan')
    .description(
      'Show the partitions (trading date x security) a run would process, with order/trade/nbbo row counts.\n' +
        'Reads the matching partition store, or scans the inputs once to build it (run then reuses it).',
    )
    .requiredOption('--config <file>', 'config file')
    .option('--json', 'print the plan as JSON')
    .option('--temp-dir <dir>', 'partition store folder (overrides processing.temp_dir)')
    .option('--securities <codes>', 'only these security codes, comma-separated', securityListOption)
    .option('--from <date>', 'first trading date YYYY-MM-DD', dateOption)
    .option('--to <date>', 'last trading date YYYY-MM-DD', dateOption)
    .addHelpText(
      'after',
      `
Example:
  $ sweepscope plan --config sweepscope.yaml --json

Output: one row per partition (trading_date, security_code, orders, trades, nbbo) and a total.`,
    )
    .action(async (o) => {
      const { buildPlan, formatPlan } = await import('./commands/plan.js');
      const progress = createProgress();
      let plan: Awaited<ReturnType<typeof buildPlan>>;
      try {
        plan = await buildPlan(
          { config: o.config, overrides: { tempDir: o.tempDir, ...selectionOverrides(o) } },
          progress,
        );
      } finally {
        // bars finish drawing on stderr before the plan goes to stdout
        progress.close();
      }
      io.stdout(`${formatPlan(plan, Boolean(o.json))}\n`);
    });

  program
    .command('run')
    .description(
      'Run the whole pipeline: scan (or reuse the partition store), analyse every partition, aggregate.',
    )
    .requiredOption('--config <file>', 'config file')
    .option('--out <dir>', 'output folder (overrides output.output_dir)')
    .addOption(
      new Option('--format <format>', 'output file format (overrides output.format)').choices([
        'gzip',
        'parquet',
      ] as const),
    )
    .option('--temp-dir <dir>', 'partition store folder (overrides processing.temp_dir)')
    .option('--workers <n>', 'worker processes, or auto (overrides processing.max_workers)', workersOption)
    .option('--force', 're-scan the inputs and redo every partition')
    .option('--securities <codes>', 'only these security codes, comma-separated', securityListOption)
    .option('--from <date>', 'first trading date YYYY-MM-DD', dateOption)
    .option('--to <date>', 'last trading date YYYY-MM-DD', dateOption)
    .addOption(
      new Option('--log-level <level>', 'log detail on stderr').choices(LOG_LEVELS).default('info' as const),
    )
    .option('--json', 'JSON log lines on stderr and a JSON result on stdout')
    .addHelpText(
      'after',
      `
Example:
  $ sweepscope run --config sweepscope.yaml --workers 4

Outputs in the output folder:
  by_security/SEC_<code>/<date>/  orders, trades, simulation, matches (csv.gz or parquet), metrics.csv, _SUCCESS
  aggregated/                     global_summary.csv, by_*.csv, scenario_summary.csv, stats_*.csv
  run.json                        inputs, per-job status and timings, throughput, peak memory
  rejects/                        malformed input rows with file, line and reason
A rerun skips partitions already done with the same inputs and config; --force redoes all.`,
    )
    .action(async (o) => {
      const { runCommand } = await import('./commands/run.js');
      // with --json, stderr carries JSON lines only: progress would break them
      const progress = o.json ? silentProgress : createProgress();
      // human log lines go through the progress sink, which prints them above any bars
      const logger = createLogger({
        level: o.logLevel,
        json: o.json,
        stream: o.json ? process.stderr : { write: (line: string) => progress.note(line.replace(/\n$/, '')) },
      });
      let result: Awaited<ReturnType<typeof runCommand>>;
      try {
        result = await runCommand(
          {
            config: o.config,
            force: o.force,
            json: o.json,
            overrides: {
              outputDir: o.out,
              format: o.format,
              tempDir: o.tempDir,
              workers: o.workers,
              ...selectionOverrides(o),
            },
          },
          { progress, logger },
        );
      } finally {
        // bars finish drawing on stderr before the summary goes to stdout
        progress.close();
      }
      io.stdout(`${result.report}\n`);
      setExitCode(result.exitCode);
    });

  return program;
}

/** Runs the CLI on `argv` (as process.argv: node, script, args...) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed its message already
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (isSweepscopeError(e)) {
      io.stderr(`sweepscope: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`sweepscope: unexpected error\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
