/**
 * The resolved, validated configuration every stage receives. The YAML file (SPEC §7) uses
 * snake_case keys; `loadConfig` maps them onto these camelCase fields, applies defaults and
 * command-line overrides, and resolves relative paths against the config file's folder.
 */
export type ScenarioName = 'A' | 'B' | 'C' | 'R';
export const ALL_SCENARIOS: readonly ScenarioName[] = ['A', 'B', 'C', 'R'];

export type InputKind = 'orders' | 'trades' | 'nbbo';

export interface TradingHours {
  /** local "HH:MM" */
  start: string;
  end: string;
  enabled: boolean;
}

export interface Config {
  /** absolute path of the config file, or null when built in code */
  sourceFile: string | null;
  inputs: {
    /** paths or globs, absolute after resolution; expanded by the ingest */
    orders: string[];
    trades: string[];
    nbbo: string[];
  };
  processing: {
    mode: 'sequential' | 'parallel';
    /** resolved: 'auto' becomes the core count; mode sequential forces 1 */
    maxWorkers: number;
    chunkSizeMb: number;
    tempDir: string;
    jobTimeoutS: number;
    jobRetries: number;
    memoryMb: number;
  };
  dataSelection: {
    securityCodes: number[];
    /**
     * YYYY-MM-DD trading dates, inclusive. allDates: no date filter at all; otherwise start and end
     * bound the dates, null meaning unbounded on that side. allDates defaults to true only when
     * the file gives neither bound.
     */
    dateRange: { start: string | null; end: string | null; allDates: boolean };
    participantIds: number[];
    tradingHours: TradingHours;
  };
  simulation: {
    scenarios: ScenarioName[];
    /** kept as the number YAML gave; exact arithmetic uses String(darkFraction) */
    darkFraction: number;
    priceImpactPercent: number;
    subjects: 'sweeps' | 'all';
  };
  output: {
    format: 'gzip' | 'parquet';
    outputDir: string;
    aggregateBy: string[];
    detailedLogs: boolean;
  };
  /** logical column -> header name overrides, per input kind */
  columns: Record<InputKind, Record<string, string>>;
  timezone: string;
  /** local "HH:MM" */
  dayCutoff: string;
  priceScale: { default: number; bySecurity: Record<string, number> };
  /** YYYY-MM-DD local dates that roll on like weekends */
  holidays: string[];
  centrePointMask: number;
  maxRejects: number;
  aggregation: { timeBucketMinutes: number; orderSizeEdges: number[]; alpha: number };
}

export function priceScaleFor(config: Pick<Config, 'priceScale'>, securityCode: number): number {
  return config.priceScale.bySecurity[String(securityCode)] ?? config.priceScale.default;
}
