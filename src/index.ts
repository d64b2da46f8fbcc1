/**
 * sweepscope as a library: load a config, run the pipeline (or its stages), analyse a partition in
 * memory, generate synthetic inputs. The CLI (src/cli) is a thin layer over these.
 */

export { writeAggregates } from './aggregate/write-aggregates.js';
export { analysePartition } from './analysis/analyse-partition.js';
export { QuoteStream } from './analysis/quote-stream.js';
export { runCli } from './cli/program.js';
// command-line building blocks
export { createProgress, type ProgressOptions } from './cli/progress.js';
export { exampleConfigYaml } from './config/example-config.js';
// configuration
export { type ConfigOverrides, defaultConfig, loadConfig, parseConfigText } from './config/load-config.js';
export {
  ALL_SCENARIOS,
  type Config,
  type InputKind,
  priceScaleFor,
  type ScenarioName,
  type TradingHours,
} from './config/types.js';
// errors
export { type ErrorCode, errors, isSweepscopeError, SweepscopeError } from './errors.js';
export { type GenOptions, type GenSummary, generate } from './gen/generate.js';

// stages
export { findStore, type IngestResult, ingest } from './ingest/ingest.js';
export { type PipelineResult, type RunPipelineOptions, runPipeline } from './jobs/pipeline.js';
export type { RunJson } from './jobs/run-record.js';
export type { JobOutcome, JobRunner, JobSpec } from './jobs/runner.js';
export { type JobCounts, type ProgressSink, silentProgress } from './model/progress.js';
export type {
  Group,
  MatchRow,
  MetricsRow,
  OrderResult,
  PartitionResult,
  SimulationRow,
  TradeResult,
  VenueClass,
} from './model/results.js';
// data model
export type { NbboQuote, OrderEvent, PartitionData, Side, TradeLeg } from './model/rows.js';
export { PartitionStore } from './store/partition-store.js';
export type { InputFileStats, PartitionInfo, ScanProgress, StoreManifest } from './store/types.js';
// time
export {
  formatDate,
  parseDate,
  parseHhMm,
  TradingCalendar,
  type TradingCalendarOptions,
} from './time/trading-calendar.js';
export { overlapsTradingHours, type TradingHoursWindow, tradingHoursWindow } from './time/trading-hours.js';
export { createLogger, type Logger, type LoggerOptions } from './util/logger.js';
