/**
 * The zod schema of the YAML config file (SPEC §7): snake_case keys exactly as users write them,
 * every default, every range. Messages are phrased to follow "<key path> (line N): ", which
 * load-config.ts prepends.
 */
import { z } from 'zod';
import { COLUMN_SPECS } from '../ingest/header.js';
import { parseDate, parseHhMm } from '../time/trading-calendar.js';
import { ALL_SCENARIOS } from './types.js';

export const AGGREGATE_DIMENSIONS = [
  'security',
  'date',
  'participant',
  'time_of_day',
  'order_size',
  'group',
] as const;

function isHhMm(text: string): boolean {
  try {
    parseHhMm(text);
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(text: string): boolean {
  try {
    parseDate(text);
    return true;
  } catch {
    return false;
  }
}

/** An IANA zone name that Intl knows; fixed offsets like "+10:00" are refused (SPEC §3: never a fixed offset). */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const intAtLeast = (min: number) =>
  z
    .number()
    .int({ error: `must be a whole number >= ${min}` })
    .min(min, { error: `must be a whole number >= ${min}` });

const numberBetween = (lo: number, hi: number) =>
  z
    .number()
    .min(lo, { error: `must be between ${lo} and ${hi}` })
    .max(hi, { error: `must be between ${lo} and ${hi}` });

// Unquoted 10:00 is a string in YAML 1.2 but a base-60 number under a `%YAML 1.1` header.
const hhMm = z
  .string({ error: 'must be a local time "HH:MM" in quotes' })
  .refine(isHhMm, { error: 'must be a local time "HH:MM" (00:00-24:00)' });

// YAML 1.1 (and some emitters) turn 2024-09-01 into a timestamp; both forms mean the local date.
const date = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string({ error: 'must be a date YYYY-MM-DD' })
    .refine(isCalendarDate, { error: 'must be a date YYYY-MM-DD' }),
);

const nonEmptyText = z.string().min(1, { error: 'must not be empty' });

/** a path, a glob, or a list of them */
const pathList = (required: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v === null ? [] : v),
    required
      ? z.array(nonEmptyText).min(1, { error: 'needs at least one path or glob' })
      : z.array(nonEmptyText).default([]),
  );

const securityCode = intAtLeast(0);

// The ingest's column table is the one list of logical names, so a typo fails here, at startup.
const columnRenames = (kind: keyof typeof COLUMN_SPECS) =>
  z
    .strictObject(Object.fromEntries(COLUMN_SPECS[kind].map((c) => [c.logical, nonEmptyText.optional()])))
    .prefault({});

const positiveScale = z.number().gt(0, { error: 'must be a number > 0' });

const tradingHours = z.preprocess(
  (v) => (v === 'disabled' || v === false ? { enabled: false } : v),
  z
    .strictObject(
      {
        start: hhMm.default('10:00'),
        end: hhMm.default('16:00'),
        enabled: z.boolean().default(true),
      },
      { error: 'must be { start: "HH:MM", end: "HH:MM", enabled: true|false } or disabled' },
    )
    .superRefine((h, ctx) => {
      if (parseHhMm(h.start) >= parseHhMm(h.end)) {
        ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${h.start})` });
      }
    })
    .prefault({}),
);

const dateRange = z
  .strictObject({
    start: date.nullable().default(null),
    end: date.nullable().default(null),
    all_dates: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.start !== null && r.end !== null && r.start > r.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must not be before start (${r.start})` });
    }
  })
  .prefault({});

const priceScale = z.preprocess(
  (v) => (typeof v === 'number' ? { default: v } : v),
  z
    .object(
      { default: positiveScale.default(1000) },
      { error: 'must be a number > 0 or { default: n, "<security_code>": n }' },
    )
    .catchall(positiveScale)
    .superRefine((scales, ctx) => {
      for (const key of Object.keys(scales)) {
        if (key !== 'default' && !/^\d+$/.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'a price_scale key is "default" or a security code',
          });
        }
      }
    })
    .prefault({}),
);

const WORKERS_MESSAGE = 'must be a whole number >= 1 or auto';

const strictlyIncreasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

export const configFileSchema = z.strictObject({
  inputs: z.strictObject({
    orders: pathList(true),
    trades: pathList(true),
    nbbo: pathList(false),
  }),
  processing: z
    .strictObject({
      mode: z.enum(['sequential', 'parallel']).default('parallel'),
      max_workers: z
        .union(
          [z.literal('auto'), z.number().int({ error: WORKERS_MESSAGE }).min(1, { error: WORKERS_MESSAGE })],
          {
            error: WORKERS_MESSAGE,
          },
        )
        .default('auto'),
      chunk_size_mb: intAtLeast(1).max(1024, { error: 'must be at most 1024' }).default(16),
      temp_dir: nonEmptyText.default('tmp/'),
      job_timeout_s: z.number().gt(0, { error: 'must be a number of seconds > 0' }).default(600),
      job_retries: intAtLeast(0).default(2),
      memory_mb: intAtLeast(64).default(512),
    })
    .prefault({}),
  data_selection: z
    .strictObject({
      security_codes: z.array(securityCode).default([]),
      date_range: dateRange,
      participant_ids: z.array(intAtLeast(0)).default([]),
      trading_hours: tradingHours,
    })
    .prefault({}),
  simulation: z
    .strictObject({
      dark_pool_scenarios: z
        .array(z.enum(ALL_SCENARIOS as ['A', 'B', 'C', 'R']))
        .min(1, { error: 'needs at least one of A, B, C, R' })
        .refine((xs) => new Set(xs).size === xs.length, { error: 'lists a scenario twice' })
        .default(['A', 'B', 'C', 'R']),
      dark_fraction: numberBetween(0, 1).default(0.5),
      price_impact_percent: z
        .number()
        .min(0, { error: 'must be >= 0 (percent, 0.05 = 5 bps)' })
        .default(0.05),
      subjects: z.enum(['sweeps', 'all']).default('sweeps'),
    })
    .prefault({}),
  output: z
    .strictObject({
      format: z.enum(['gzip', 'parquet']).default('gzip'),
      output_dir: nonEmptyText.default('out/'),
      aggregate_by: z.array(z.enum(AGGREGATE_DIMENSIONS)).default([...AGGREGATE_DIMENSIONS]),
      detailed_logs: z.boolean().default(false),
    })
    .prefault({}),
  columns: z
    .strictObject({
      orders: columnRenames('orders'),
      trades: columnRenames('trades'),
      nbbo: columnRenames('nbbo'),
    })
    .prefault({}),
  timezone: z
    .string()
    .refine(isIanaTimeZone, { error: 'must be an IANA time zone such as Australia/Sydney' })
    .default('Australia/Sydney'),
  day_cutoff: hhMm.default('19:00'),
  price_scale: priceScale,
  holidays: z.array(date).default([]),
  centre_point_mask: intAtLeast(1).default(6464),
  max_rejects: intAtLeast(0).default(1000),
  aggregation: z
    .strictObject({
      time_bucket_minutes: intAtLeast(1).max(1440, { error: 'must be at most 1440 (one day)' }).default(30),
      order_size_edges: z
        .array(intAtLeast(1))
        .min(1, { error: 'needs at least one edge' })
        .refine(strictlyIncreasing, { error: 'must be strictly increasing' })
        .default([100, 1000, 10000]),
      alpha: z
        .number()
        .gt(0, { error: 'must be between 0 and 1 (exclusive)' })
        .lt(1, { error: 'must be between 0 and 1 (exclusive)' })
        .default(0.05),
    })
    .prefault({}),
});

export type ConfigFile = z.output<typeof configFileSchema>;
