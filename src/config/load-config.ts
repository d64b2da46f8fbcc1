/**
 * Reads and validates the YAML config (SPEC §7) into the resolved `Config`. Every problem names
 * its key path and line, and all of them are reported at once (errors.configInvalid, exit 2).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { errors } from '../errors.js';
import { parseDate } from '../time/trading-calendar.js';
import { closestKey } from './did-you-mean.js';
import { type ConfigFile, configFileSchema } from './schema.js';
import { knownKeysAt } from './schema-keys.js';
import type { Config } from './types.js';
import { lineOfPath } from './yaml-locations.js';

/**
 * What command-line flags override in the file. Paths here are relative to the working directory
 * (they were typed in a shell), unlike paths in the file.
 */
export interface ConfigOverrides {
  /** --out */
  outputDir?: string;
  /** --temp-dir */
  tempDir?: string;
  /** --workers: 1 also means mode sequential, more means parallel */
  workers?: number | 'auto';
  /** --format */
  format?: 'gzip' | 'parquet';
  /** --securities: replaces data_selection.security_codes */
  securityCodes?: number[];
  /** --from / --to: replace the date range's bounds (and turn all_dates off) */
  dateStart?: string;
  dateEnd?: string;
}

/** Reads, validates and resolves a config file; throws errors.configInvalid / configUnreadable (exit 2). */
export function loadConfig(file: string, overrides?: ConfigOverrides): Config {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    throw errors.configUnreadable(absolute, cause);
  }
  return parseConfigText(text, absolute, overrides);
}

/**
 * Validates config YAML text. Relative paths resolve against `sourceFile`'s folder, or the working
 * directory when it is null; `sourceFile` also names the config in error messages.
 */
export function parseConfigText(
  text: string,
  sourceFile: string | null,
  overrides?: ConfigOverrides,
): Config {
  const label = sourceFile ?? '<inline config>';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    // yaml's own messages end in " at line L, column C:" plus a source excerpt; keep the first part.
    throw errors.configInvalid(
      label,
      doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split(' at line ')[0]}`),
    );
  }
  const raw = doc.toJS() ?? {};
  const parsed = configFileSchema.safeParse(raw, { error: describeIssue });
  if (!parsed.success) {
    const problems: { line: number; text: string }[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const at = [...issue.path, key];
          const line = lineOfPath(doc, lineCounter, at);
          problems.push({ line, text: unknownKeyMessage(at, line, key, issue.path) });
        }
      } else {
        const line = lineOfPath(doc, lineCounter, issue.path);
        problems.push({ line, text: `${formatPath(issue.path)} (line ${line}): ${issue.message}` });
      }
    }
    problems.sort((a, b) => a.line - b.line);
    throw errors.configInvalid(
      label,
      problems.map((p) => p.text),
    );
  }
  const config = resolveConfig(parsed.data, sourceFile);
  return overrides ? applyOverrides(config, overrides) : config;
}

/** The configuration of an empty file with no inputs, resolved against the working directory. */
export function defaultConfig(): Config {
  // a file must name its inputs; placeholders get past that check and are then cleared
  const file = configFileSchema.parse({ inputs: { orders: ['-'], trades: ['-'] } });
  const config = resolveConfig(file, null);
  config.inputs = { orders: [], trades: [], nbbo: [] };
  return config;
}

function resolveConfig(file: ConfigFile, sourceFile: string | null): Config {
  const base = sourceFile ? path.dirname(sourceFile) : process.cwd();
  const resolve = (p: string) => path.resolve(base, p);
  const { processing: p, data_selection: sel, simulation: sim, output: out, aggregation: agg } = file;
  const { default: defaultScale, ...bySecurity } = file.price_scale;
  return {
    sourceFile,
    inputs: {
      orders: file.inputs.orders.map(resolve),
      trades: file.inputs.trades.map(resolve),
      nbbo: file.inputs.nbbo.map(resolve),
    },
    processing: {
      mode: p.mode,
      maxWorkers:
        p.mode === 'sequential' ? 1 : p.max_workers === 'auto' ? availableParallelism() : p.max_workers,
      chunkSizeMb: p.chunk_size_mb,
      tempDir: resolve(p.temp_dir),
      jobTimeoutS: p.job_timeout_s,
      jobRetries: p.job_retries,
      memoryMb: p.memory_mb,
    },
    dataSelection: {
      securityCodes: sel.security_codes,
      dateRange: {
        start: sel.date_range.start,
        end: sel.date_range.end,
        // without bounds every date is selected, whatever all_dates says
        allDates: sel.date_range.all_dates ?? (sel.date_range.start === null && sel.date_range.end === null),
      },
      participantIds: sel.participant_ids,
      tradingHours: sel.trading_hours,
    },
    simulation: {
      scenarios: sim.dark_pool_scenarios,
      darkFraction: sim.dark_fraction,
      priceImpactPercent: sim.price_impact_percent,
      subjects: sim.subjects,
    },
    output: {
      format: out.format,
      outputDir: resolve(out.output_dir),
      aggregateBy: out.aggregate_by,
      detailedLogs: out.detailed_logs,
    },
    columns: {
      orders: definedOnly(file.columns.orders),
      trades: definedOnly(file.columns.trades),
      nbbo: definedOnly(file.columns.nbbo),
    },
    timezone: file.timezone,
    dayCutoff: file.day_cutoff,
    priceScale: { default: defaultScale, bySecurity },
    holidays: file.holidays,
    centrePointMask: file.centre_point_mask,
    maxRejects: file.max_rejects,
    aggregation: {
      timeBucketMinutes: agg.time_bucket_minutes,
      orderSizeEdges: agg.order_size_edges,
      alpha: agg.alpha,
    },
  };
}

function definedOnly(renames: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [logical, header] of Object.entries(renames)) if (header !== undefined) out[logical] = header;
  return out;
}

function applyOverrides(config: Config, o: ConfigOverrides): Config {
  const problems: string[] = [];
  const next = structuredClone(config);
  if (o.outputDir !== undefined) next.output.outputDir = path.resolve(o.outputDir);
  if (o.tempDir !== undefined) next.processing.tempDir = path.resolve(o.tempDir);
  if (o.format !== undefined) next.output.format = o.format;
  if (o.workers !== undefined) {
    if (o.workers !== 'auto' && !(Number.isInteger(o.workers) && o.workers >= 1)) {
      problems.push(`--workers: must be a whole number >= 1 or auto, got ${o.workers}`);
    } else {
      next.processing.maxWorkers = o.workers === 'auto' ? availableParallelism() : o.workers;
      next.processing.mode = next.processing.maxWorkers === 1 ? 'sequential' : 'parallel';
    }
  }
  if (o.securityCodes !== undefined) next.dataSelection.securityCodes = o.securityCodes;
  for (const [flag, value] of [
    ['--from', o.dateStart],
    ['--to', o.dateEnd],
  ] as const) {
    if (value === undefined) continue;
    try {
      parseDate(value);
    } catch {
      problems.push(`${flag}: must be a date YYYY-MM-DD, got "${value}"`);
      continue;
    }
    next.dataSelection.dateRange[flag === '--from' ? 'start' : 'end'] = value;
    next.dataSelection.dateRange.allDates = false;
  }
  const { start, end } = next.dataSelection.dateRange;
  if (problems.length === 0 && start !== null && end !== null && start > end) {
    problems.push(`date range: end ${end} is before start ${start}`);
  }
  if (problems.length > 0) throw errors.usage(problems.join('\n'));
  return next;
}

function formatPath(p: readonly PropertyKey[]): string {
  if (p.length === 0) return 'config';
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

function unknownKeyMessage(
  at: readonly PropertyKey[],
  line: number,
  key: string,
  parent: readonly PropertyKey[],
): string {
  const known = knownKeysAt(configFileSchema, parent);
  const guess = closestKey(key, known);
  const hint = guess
    ? `; did you mean "${guess}"?`
    : known.length > 0
      ? ` (known keys: ${known.join(', ')})`
      : '';
  return `${formatPath(at)} (line ${line}): unknown key${hint}`;
}

function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/** zod's issues as short phrases that read after "<key path> (line N): " */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    default:
      return undefined;
  }
}
