/**
 * The commented config that `sweepscope init` writes (and `sweepscope gen` next to its data).
 * Every key is present with its default, so the file doubles as the reference of SPEC §7; a test
 * keeps it equal to defaultConfig().
 */
export interface ExampleInputs {
  orders: string[];
  trades: string[];
  nbbo: string[];
}

const PLACEHOLDER_INPUTS: ExampleInputs = {
  orders: ['data/orders*.csv.gz'],
  trades: ['data/trades*.csv.gz'],
  nbbo: ['data/nbbo*.csv.gz'],
};

/** where the comments of the inputs lines start, to line up with the rest of the file */
const COMMENT_COLUMN = 25;

function yamlList(paths: readonly string[]): string {
  return paths.length === 1
    ? JSON.stringify(paths[0])
    : `[${paths.map((p) => JSON.stringify(p)).join(', ')}]`;
}

export function exampleConfigYaml(inputs: ExampleInputs = PLACEHOLDER_INPUTS): string {
  return `# sweepscope configuration. Relative paths are relative to this file's folder.
# Every key below shows its default; delete what you do not change.

inputs:
  # CSV or CSV.gz with a header row: a path, a glob (* ? **) or a list of them.
  ${`orders: ${yamlList(inputs.orders)}`.padEnd(COMMENT_COLUMN)} # order event log (required)
  ${`trades: ${yamlList(inputs.trades)}`.padEnd(COMMENT_COLUMN)} # trade legs (required)
  ${`nbbo: ${yamlList(inputs.nbbo)}`.padEnd(COMMENT_COLUMN)} # national best bid/offer quotes (optional: [] = none)

processing:
  mode: parallel             # parallel | sequential (sequential = one worker)
  max_workers: auto          # worker processes/threads; auto = every core
  chunk_size_mb: 16          # read buffer per scan worker, MB (1..1024)
  temp_dir: tmp/             # partition store (reused by later runs while inputs and config match)
  job_timeout_s: 600         # a partition job running longer is killed and retried
  job_retries: 2             # retries of a failed partition job (with backoff)
  memory_mb: 512             # heap limit of each job process, MB

data_selection:
  security_codes: []         # e.g. [110621]; [] = every security
  date_range:
    start: null              # first trading date, e.g. 2024-09-01; null = no lower bound
    end: null                # last trading date (inclusive); null = no upper bound
    all_dates: true          # true ignores start/end (the default when neither is set)
  participant_ids: []        # brokers to analyse; [] = all
  trading_hours:             # local half-open window [start, end); or write: trading_hours: disabled
    start: "10:00"           # quote times: unquoted 10:00 is not a string in every YAML reader
    end: "16:00"             # exclusive: an order whose life starts at 16:00 is out of scope
    enabled: true            # false: every order is in scope; 10:00 is still the benchmark floor

simulation:
  dark_pool_scenarios: [A, B, C, R]   # A unlimited dark, B limited dark, C B with price impact, R replay
  dark_fraction: 0.5         # B and C: share of order_size filled dark at mid (0..1)
  price_impact_percent: 0.05 # C: adverse impact in percent of mid (0.05 = 5 bps)
  subjects: sweeps           # sweeps | all (all: every in-scope order gets A, B, C)

output:
  format: gzip               # gzip (csv.gz) | parquet
  output_dir: out/           # results: by_security/, aggregated/, run.json, rejects/
  aggregate_by: [security, date, participant, time_of_day, order_size, group]   # by_<dimension>.csv files to write
  detailed_logs: false       # true: log every job at info level

columns:                     # logical column -> your header, where your files differ from the defaults
  orders: {}                 # e.g. { order_id: orderid, leaves_quantity: leavesquantity }
  trades: {}                 # e.g. { trade_time: tradetime, deal_source: dealsource }
  nbbo: {}                   # e.g. { security_code: orderbookid, bid: bidprice }

timezone: Australia/Sydney   # IANA zone of the exchange (never a fixed offset)
day_cutoff: "19:00"          # local time from which events belong to the next trading date
price_scale: 1000            # raw price units per currency unit; or { default: 1000, "110621": 100 }
holidays: []                 # YYYY-MM-DD dates that roll on to the next trading day, like weekends
centre_point_mask: 6464      # order_type bits that make an order Centre Point (64|256|2048|4096)
max_rejects: 1000            # malformed input rows tolerated in the whole run before stopping

aggregation:
  time_bucket_minutes: 30    # by_time_of_day bucket width (local time of benchmark_ts)
  order_size_edges: [100, 1000, 10000]   # by_order_size buckets: <=100, 101-1000, 1001-10000, >10000
  alpha: 0.05                # significance level of the statistics
`;
}
