/**
 * Config validation (SPEC §7): each bad option's message names its key path and line; defaults;
 * snake_case -> camelCase mapping; relative paths; the scalar forms (trading_hours: disabled,
 * price_scale: n); and all problems reported at once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultConfig, loadConfig, parseConfigText } from '../../src/config/load-config.js';
import { SweepscopeError } from '../../src/errors.js';

/** line 1 of every snippet below, so the key under test sits on line 2 or later */
const INPUTS = 'inputs: { orders: o.csv, trades: t.csv }\n';

function problemsOf(text: string): string {
  try {
    parseConfigText(text, '/cfg/sweepscope.yaml');
  } catch (e) {
    assert.ok(e instanceof SweepscopeError, `expected a SweepscopeError, got ${String(e)}`);
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  assert.fail(`config was accepted:\n${text}`);
}

const BAD: { name: string; yaml: string; expect: string[] }[] = [
  {
    name: 'dark_fraction above 1',
    yaml: `${INPUTS}simulation:\n  dark_fraction: 1.5\n`,
    expect: ['simulation.dark_fraction (line 3): must be between 0 and 1'],
  },
  {
    name: 'dark_fraction as text',
    yaml: `${INPUTS}simulation: { dark_fraction: half }\n`,
    expect: ['simulation.dark_fraction (line 2): must be a number, got "half"'],
  },
  {
    name: 'negative price impact',
    yaml: `${INPUTS}simulation: { price_impact_percent: -1 }\n`,
    expect: ['simulation.price_impact_percent (line 2): must be >= 0'],
  },
  {
    name: 'unknown scenario',
    yaml: `${INPUTS}simulation:\n  dark_pool_scenarios: [A, D]\n`,
    expect: ['simulation.dark_pool_scenarios[1] (line 3): must be one of A, B, C, R, got "D"'],
  },
  {
    name: 'repeated scenario',
    yaml: `${INPUTS}simulation: { dark_pool_scenarios: [A, A] }\n`,
    expect: ['simulation.dark_pool_scenarios (line 2): lists a scenario twice'],
  },
  {
    name: 'no scenario',
    yaml: `${INPUTS}simulation: { dark_pool_scenarios: [] }\n`,
    expect: ['simulation.dark_pool_scenarios (line 2): needs at least one of A, B, C, R'],
  },
  {
    name: 'bad subjects',
    yaml: `${INPUTS}simulation: { subjects: some }\n`,
    expect: ['simulation.subjects (line 2): must be one of sweeps, all, got "some"'],
  },
  {
    name: 'bad mode',
    yaml: `${INPUTS}processing:\n  mode: fast\n`,
    expect: ['processing.mode (line 3): must be one of sequential, parallel, got "fast"'],
  },
  {
    name: 'max_workers 0',
    yaml: `${INPUTS}processing:\n  max_workers: 0\n`,
    expect: ['processing.max_workers (line 3): must be a whole number >= 1 or auto'],
  },
  {
    name: 'max_workers text',
    yaml: `${INPUTS}processing:\n  max_workers: many\n`,
    expect: ['processing.max_workers (line 3): must be a whole number >= 1 or auto'],
  },
  {
    name: 'fractional chunk size',
    yaml: `${INPUTS}processing: { chunk_size_mb: 2.5 }\n`,
    expect: ['processing.chunk_size_mb (line 2): must be a whole number >= 1'],
  },
  {
    name: 'negative retries',
    yaml: `${INPUTS}processing: { job_retries: -1 }\n`,
    expect: ['processing.job_retries (line 2): must be a whole number >= 0'],
  },
  {
    name: 'zero timeout',
    yaml: `${INPUTS}processing: { job_timeout_s: 0 }\n`,
    expect: ['processing.job_timeout_s (line 2): must be a number of seconds > 0'],
  },
  {
    name: 'tiny memory',
    yaml: `${INPUTS}processing: { memory_mb: 10 }\n`,
    expect: ['processing.memory_mb (line 2): must be a whole number >= 64'],
  },
  {
    name: 'empty temp dir',
    yaml: `${INPUTS}processing: { temp_dir: "" }\n`,
    expect: ['processing.temp_dir (line 2): must not be empty'],
  },
  {
    name: 'unknown key with hint',
    yaml: `${INPUTS}processing:\n  maxWorkers: 2\n`,
    expect: ['processing.maxWorkers (line 3): unknown key; did you mean "max_workers"?'],
  },
  {
    name: 'unknown top-level key without close match',
    yaml: `${INPUTS}\nfoo: 1\n`,
    expect: ['foo (line 3): unknown key (known keys: inputs, processing,'],
  },
  {
    name: 'misspelt section',
    yaml: `${INPUTS}simulaton: {}\n`,
    expect: ['simulaton (line 2): unknown key; did you mean "simulation"?'],
  },
  {
    name: 'unknown column',
    yaml: `${INPUTS}columns:\n  orders:\n    orderid: x\n`,
    expect: ['columns.orders.orderid (line 4): unknown key; did you mean "order_id"?'],
  },
  { name: 'missing inputs', yaml: 'timezone: UTC\n', expect: ['inputs (line 1): is required'] },
  {
    name: 'missing trades',
    yaml: 'inputs:\n  orders: o.csv\n',
    expect: ['inputs.trades (line 1): is required'],
  },
  {
    name: 'empty orders list',
    yaml: 'inputs:\n  orders: []\n  trades: t.csv\n',
    expect: ['inputs.orders (line 2): needs at least one path or glob'],
  },
  {
    name: 'unknown input kind',
    yaml: 'inputs:\n  orders: o\n  trades: t\n  quotes: q\n',
    expect: ['inputs.quotes (line 4): unknown key (known keys: orders, trades, nbbo)'],
  },
  {
    name: 'bad time zone',
    yaml: `${INPUTS}timezone: Mars/Olympus\n`,
    expect: ['timezone (line 2): must be an IANA time zone such as Australia/Sydney'],
  },
  {
    name: 'fixed-offset time zone',
    yaml: `${INPUTS}timezone: "+10:00"\n`,
    expect: ['timezone (line 2): must be an IANA time zone'],
  },
  {
    name: 'cutoff as a number',
    yaml: `${INPUTS}day_cutoff: 1900\n`,
    expect: ['day_cutoff (line 2): must be a local time "HH:MM" in quotes'],
  },
  {
    name: 'cutoff out of range',
    yaml: `${INPUTS}day_cutoff: "25:00"\n`,
    expect: ['day_cutoff (line 2): must be a local time "HH:MM" (00:00-24:00)'],
  },
  {
    name: 'trading hours end before start',
    yaml: `${INPUTS}data_selection:\n  trading_hours:\n    start: "16:00"\n    end: "10:00"\n`,
    expect: ['data_selection.trading_hours.end (line 5): must be after start (16:00)'],
  },
  {
    name: 'trading hours unknown scalar',
    yaml: `${INPUTS}data_selection: { trading_hours: off }\n`,
    expect: [
      'data_selection.trading_hours (line 2): must be { start: "HH:MM", end: "HH:MM", enabled: true|false } or disabled',
    ],
  },
  {
    name: 'date range reversed',
    yaml: `${INPUTS}data_selection:\n  date_range: { start: 2024-09-30, end: 2024-09-01 }\n`,
    expect: ['data_selection.date_range.end (line 3): must not be before start (2024-09-30)'],
  },
  {
    name: 'impossible date',
    yaml: `${INPUTS}data_selection:\n  date_range:\n    start: 2024-02-30\n`,
    expect: ['data_selection.date_range.start (line 4): must be a date YYYY-MM-DD'],
  },
  {
    name: 'security code as text',
    yaml: `${INPUTS}data_selection:\n  security_codes:\n    - 110621\n    - BHP\n`,
    expect: ['data_selection.security_codes[1] (line 5): must be a number, got "BHP"'],
  },
  {
    name: 'negative participant',
    yaml: `${INPUTS}data_selection: { participant_ids: [-3] }\n`,
    expect: ['data_selection.participant_ids[0] (line 2): must be a whole number >= 0'],
  },
  {
    name: 'bad output format',
    yaml: `${INPUTS}output:\n  format: csv\n`,
    expect: ['output.format (line 3): must be one of gzip, parquet, got "csv"'],
  },
  {
    name: 'bad aggregate dimension',
    yaml: `${INPUTS}output: { aggregate_by: [security, broker] }\n`,
    expect: [
      'output.aggregate_by[1] (line 2): must be one of security, date, participant, time_of_day, order_size, group, got "broker"',
    ],
  },
  {
    name: 'detailed_logs not boolean',
    yaml: `${INPUTS}output: { detailed_logs: yes }\n`,
    expect: ['output.detailed_logs (line 2): must be true or false, got "yes"'],
  },
  {
    name: 'price scale zero',
    yaml: `${INPUTS}price_scale: 0\n`,
    expect: ['price_scale.default (line 2): must be a number > 0'],
  },
  {
    name: 'price scale bad key',
    yaml: `${INPUTS}price_scale:\n  default: 1000\n  BHP: 100\n`,
    expect: ['price_scale.BHP (line 4): a price_scale key is "default" or a security code'],
  },
  {
    name: 'price scale per security zero',
    yaml: `${INPUTS}price_scale:\n  "110621": 0\n`,
    expect: ['price_scale.110621 (line 3): must be a number > 0'],
  },
  {
    name: 'holiday not a date',
    yaml: `${INPUTS}holidays: [2024-12-25, christmas]\n`,
    expect: ['holidays[1] (line 2): must be a date YYYY-MM-DD'],
  },
  {
    name: 'mask zero',
    yaml: `${INPUTS}centre_point_mask: 0\n`,
    expect: ['centre_point_mask (line 2): must be a whole number >= 1'],
  },
  {
    name: 'negative max_rejects',
    yaml: `${INPUTS}max_rejects: -1\n`,
    expect: ['max_rejects (line 2): must be a whole number >= 0'],
  },
  {
    name: 'edges not increasing',
    yaml: `${INPUTS}aggregation:\n  order_size_edges: [100, 100, 1000]\n`,
    expect: ['aggregation.order_size_edges (line 3): must be strictly increasing'],
  },
  {
    name: 'alpha of 1',
    yaml: `${INPUTS}aggregation: { alpha: 1 }\n`,
    expect: ['aggregation.alpha (line 2): must be between 0 and 1 (exclusive)'],
  },
  {
    name: 'bucket longer than a day',
    yaml: `${INPUTS}aggregation: { time_bucket_minutes: 2000 }\n`,
    expect: ['aggregation.time_bucket_minutes (line 2): must be at most 1440 (one day)'],
  },
  { name: 'not a mapping', yaml: '- a\n- b\n', expect: ['config (line 1): must be a mapping, got a list'] },
  { name: 'YAML syntax error', yaml: `${INPUTS}simulation: { dark_fraction: 0.5\n`, expect: ['line 3: '] },
  {
    name: 'duplicate key',
    yaml: `${INPUTS}timezone: UTC\ntimezone: UTC\n`,
    expect: ['line 3: Map keys must be unique'],
  },
];

describe('parseConfigText rejects bad options with key path and line', () => {
  for (const bad of BAD) {
    it(bad.name, () => {
      const message = problemsOf(bad.yaml);
      assert.match(message, /^invalid config \/cfg\/sweepscope\.yaml:\n/);
      for (const fragment of bad.expect)
        assert.ok(message.includes(fragment), `missing "${fragment}" in:\n${message}`);
    });
  }

  it('reports every problem at once, in line order', () => {
    const message = problemsOf(`${INPUTS}max_rejects: -1\nsimulation: { dark_fraction: 2 }\nbogus: 1\n`);
    const lines = message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    assert.deepEqual(lines, [
      'max_rejects (line 2): must be a whole number >= 0',
      'simulation.dark_fraction (line 3): must be between 0 and 1',
      'bogus (line 4): unknown key (known keys: inputs, processing, data_selection, simulation, output, columns, timezone, day_cutoff, price_scale, holidays, centre_point_mask, max_rejects, aggregation)',
    ]);
  });

  it('names the config as <inline config> when it has no file', () => {
    assert.throws(
      () => parseConfigText('foo: 1', null),
      /^SweepscopeError: invalid config <inline config>:|invalid config <inline config>:/,
    );
  });
});

describe('defaults', () => {
  it('an inputs-only file resolves to the SPEC §7 defaults', () => {
    const c = parseConfigText(INPUTS, '/cfg/sweepscope.yaml');
    assert.deepEqual(c.processing, {
      mode: 'parallel',
      maxWorkers: availableParallelism(),
      chunkSizeMb: 16,
      tempDir: '/cfg/tmp',
      jobTimeoutS: 600,
      jobRetries: 2,
      memoryMb: 512,
    });
    assert.deepEqual(c.dataSelection, {
      securityCodes: [],
      dateRange: { start: null, end: null, allDates: true },
      participantIds: [],
      tradingHours: { start: '10:00', end: '16:00', enabled: true },
    });
    assert.deepEqual(c.simulation, {
      scenarios: ['A', 'B', 'C', 'R'],
      darkFraction: 0.5,
      priceImpactPercent: 0.05,
      subjects: 'sweeps',
    });
    assert.deepEqual(c.output.format, 'gzip');
    assert.equal(c.output.outputDir, '/cfg/out');
    assert.equal(c.output.detailedLogs, false);
    assert.deepEqual(c.columns, { orders: {}, trades: {}, nbbo: {} });
    assert.equal(c.timezone, 'Australia/Sydney');
    assert.equal(c.dayCutoff, '19:00');
    assert.deepEqual(c.priceScale, { default: 1000, bySecurity: {} });
    assert.deepEqual(c.holidays, []);
    assert.equal(c.centrePointMask, 6464);
    assert.equal(c.maxRejects, 1000);
    assert.deepEqual(c.aggregation, {
      timeBucketMinutes: 30,
      orderSizeEdges: [100, 1000, 10000],
      alpha: 0.05,
    });
    assert.equal(c.sourceFile, '/cfg/sweepscope.yaml');
  });

  it('defaultConfig() equals an inputs-only file apart from inputs and the folder paths resolve against', () => {
    const fromFile = parseConfigText(INPUTS, path.join(process.cwd(), 'x.yaml'));
    const d = defaultConfig();
    assert.deepEqual(d.inputs, { orders: [], trades: [], nbbo: [] });
    assert.equal(d.sourceFile, null);
    assert.deepEqual({ ...d, inputs: fromFile.inputs, sourceFile: fromFile.sourceFile }, fromFile);
  });
});

describe('mapping and forms', () => {
  it('maps every snake_case key onto the camelCase Config', () => {
    const c = parseConfigText(
      `inputs:
  orders: [a/orders1.csv.gz, /abs/orders2.csv]
  trades: "data/trades*.csv"
  nbbo: nbbo.csv
processing: { mode: parallel, max_workers: 3, chunk_size_mb: 4, temp_dir: ../scratch, job_timeout_s: 30, job_retries: 0, memory_mb: 256 }
data_selection:
  security_codes: [110621, 5]
  date_range: { start: 2024-09-01, end: 2024-09-30 }
  participant_ids: [7]
  trading_hours: { start: "10:10", end: "15:50" }
simulation: { dark_pool_scenarios: [R, A], dark_fraction: 0.57, price_impact_percent: 0, subjects: all }
output: { format: parquet, output_dir: /results, aggregate_by: [security], detailed_logs: true }
columns: { orders: { order_id: orderid }, trades: { trade_time: tt }, nbbo: { bid: b } }
timezone: Europe/London
day_cutoff: "18:30"
price_scale: { default: 100, "110621": 1000 }
holidays: [2024-12-25]
centre_point_mask: 2048
max_rejects: 0
aggregation: { time_bucket_minutes: 15, order_size_edges: [10, 20], alpha: 0.01 }
`,
      '/cfg/run.yaml',
    );
    assert.deepEqual(c.inputs, {
      orders: ['/cfg/a/orders1.csv.gz', '/abs/orders2.csv'],
      trades: ['/cfg/data/trades*.csv'],
      nbbo: ['/cfg/nbbo.csv'],
    });
    assert.deepEqual(c.processing, {
      mode: 'parallel',
      maxWorkers: 3,
      chunkSizeMb: 4,
      tempDir: '/scratch',
      jobTimeoutS: 30,
      jobRetries: 0,
      memoryMb: 256,
    });
    assert.deepEqual(c.dataSelection, {
      securityCodes: [110621, 5],
      dateRange: { start: '2024-09-01', end: '2024-09-30', allDates: false },
      participantIds: [7],
      tradingHours: { start: '10:10', end: '15:50', enabled: true },
    });
    assert.deepEqual(c.simulation, {
      scenarios: ['R', 'A'],
      darkFraction: 0.57,
      priceImpactPercent: 0,
      subjects: 'all',
    });
    assert.deepEqual(c.output, {
      format: 'parquet',
      outputDir: '/results',
      aggregateBy: ['security'],
      detailedLogs: true,
    });
    assert.deepEqual(c.columns, {
      orders: { order_id: 'orderid' },
      trades: { trade_time: 'tt' },
      nbbo: { bid: 'b' },
    });
    assert.equal(c.timezone, 'Europe/London');
    assert.equal(c.dayCutoff, '18:30');
    assert.deepEqual(c.priceScale, { default: 100, bySecurity: { '110621': 1000 } });
    assert.deepEqual(c.holidays, ['2024-12-25']);
    assert.equal(c.centrePointMask, 2048);
    assert.equal(c.maxRejects, 0);
    assert.deepEqual(c.aggregation, { timeBucketMinutes: 15, orderSizeEdges: [10, 20], alpha: 0.01 });
  });

  it('mode sequential forces one worker', () => {
    const c = parseConfigText(`${INPUTS}processing: { mode: sequential, max_workers: 8 }\n`, '/cfg/a.yaml');
    assert.equal(c.processing.maxWorkers, 1);
  });

  it('trading_hours: disabled keeps the default window and turns filtering off', () => {
    const c = parseConfigText(`${INPUTS}data_selection: { trading_hours: disabled }\n`, '/cfg/a.yaml');
    assert.deepEqual(c.dataSelection.tradingHours, { start: '10:00', end: '16:00', enabled: false });
  });

  it('trading_hours with enabled: false keeps its times (the benchmark floor still uses start)', () => {
    const c = parseConfigText(
      `${INPUTS}data_selection: { trading_hours: { start: "10:05", enabled: false } }\n`,
      '/cfg/a.yaml',
    );
    assert.deepEqual(c.dataSelection.tradingHours, { start: '10:05', end: '16:00', enabled: false });
  });

  it('price_scale as a number and as a mapping without default', () => {
    assert.deepEqual(parseConfigText(`${INPUTS}price_scale: 100\n`, '/c/a.yaml').priceScale, {
      default: 100,
      bySecurity: {},
    });
    // an unquoted numeric key is still a security code
    assert.deepEqual(parseConfigText(`${INPUTS}price_scale: { 110621: 10 }\n`, '/c/a.yaml').priceScale, {
      default: 1000,
      bySecurity: { '110621': 10 },
    });
  });

  it('dates given as YAML 1.1 timestamps normalise to YYYY-MM-DD', () => {
    const c = parseConfigText(
      `%YAML 1.1\n---\n${INPUTS}holidays: [2024-12-25]\ndata_selection: { date_range: { start: 2024-09-01 } }\n`,
      '/c/a.yaml',
    );
    assert.deepEqual(c.holidays, ['2024-12-25']);
    assert.deepEqual(c.dataSelection.dateRange, { start: '2024-09-01', end: null, allDates: false });
  });

  it('all_dates: true is kept alongside explicit bounds', () => {
    const c = parseConfigText(
      `${INPUTS}data_selection: { date_range: { start: 2024-09-01, end: 2024-09-02, all_dates: true } }\n`,
      '/c/a.yaml',
    );
    assert.deepEqual(c.dataSelection.dateRange, { start: '2024-09-01', end: '2024-09-02', allDates: true });
  });

  it('nbbo: null means no NBBO file', () => {
    assert.deepEqual(
      parseConfigText('inputs: { orders: o, trades: t, nbbo: null }\n', '/c/a.yaml').inputs.nbbo,
      [],
    );
  });
});

describe('overrides', () => {
  const base = `${INPUTS}processing: { max_workers: 4, temp_dir: scratch }\noutput: { output_dir: results }\n`;

  it('replace file values; their relative paths resolve against the working directory', () => {
    const c = parseConfigText(base, '/cfg/a.yaml', {
      outputDir: 'elsewhere',
      tempDir: '/tmp/t',
      workers: 2,
      format: 'parquet',
      securityCodes: [9],
      dateStart: '2024-09-02',
      dateEnd: '2024-09-03',
    });
    assert.equal(c.output.outputDir, path.resolve('elsewhere'));
    assert.equal(c.processing.tempDir, '/tmp/t');
    assert.equal(c.processing.maxWorkers, 2);
    assert.equal(c.processing.mode, 'parallel');
    assert.equal(c.output.format, 'parquet');
    assert.deepEqual(c.dataSelection.securityCodes, [9]);
    assert.deepEqual(c.dataSelection.dateRange, { start: '2024-09-02', end: '2024-09-03', allDates: false });
  });

  it('leave what they do not name', () => {
    const c = parseConfigText(base, '/cfg/a.yaml', {});
    assert.equal(c.output.outputDir, '/cfg/results');
    assert.equal(c.processing.tempDir, '/cfg/scratch');
    assert.equal(c.processing.maxWorkers, 4);
  });

  it('--workers 1 means sequential, auto means every core', () => {
    assert.equal(parseConfigText(base, '/cfg/a.yaml', { workers: 1 }).processing.mode, 'sequential');
    assert.equal(
      parseConfigText(base, '/cfg/a.yaml', { workers: 'auto' }).processing.maxWorkers,
      availableParallelism(),
    );
  });

  it('bad values are usage errors (exit 2) naming the flag', () => {
    assert.throws(
      () => parseConfigText(base, '/cfg/a.yaml', { workers: 0, dateStart: '2024-13-01' }),
      (e: unknown) =>
        e instanceof SweepscopeError &&
        e.code === 'USAGE' &&
        e.exitCode === 2 &&
        e.message ===
          '--workers: must be a whole number >= 1 or auto, got 0\n--from: must be a date YYYY-MM-DD, got "2024-13-01"',
    );
    assert.throws(
      () => parseConfigText(base, '/cfg/a.yaml', { dateStart: '2024-09-05', dateEnd: '2024-09-04' }),
      /date range: end 2024-09-04 is before start 2024-09-05/,
    );
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sweepscope-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves relative paths against the config file folder', () => {
    const file = path.join(dir, 'run.yaml');
    writeFileSync(file, 'inputs: { orders: data/o.csv, trades: [t.csv] }\n');
    const c = loadConfig(file);
    assert.equal(c.sourceFile, file);
    assert.deepEqual(c.inputs.orders, [path.join(dir, 'data/o.csv')]);
    assert.equal(c.output.outputDir, path.join(dir, 'out'));
    assert.equal(c.processing.tempDir, path.join(dir, 'tmp'));
  });

  it('names the file it cannot read (exit 2)', () => {
    const missing = path.join(dir, 'missing.yaml');
    assert.throws(
      () => loadConfig(missing),
      (e: unknown) =>
        e instanceof SweepscopeError &&
        e.exitCode === 2 &&
        e.message.startsWith(`cannot read config file ${missing}: ENOENT`),
    );
  });

  it('names the file in validation errors', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, `${INPUTS}max_rejects: many\n`);
    assert.throws(
      () => loadConfig(file),
      new RegExp(`invalid config ${file}:\\n  max_rejects \\(line 2\\): must be a number, got "many"`),
    );
  });
});
