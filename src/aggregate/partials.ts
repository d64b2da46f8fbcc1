/**
 * Mergeable partial sums of one partition's subjects (SPEC §5): per aggregation dimension and key,
 * counts and integer sums, bigint notional as a decimal string, floating sums as exact-sum lists
 * (exact-sum.ts) and distinct sets as sorted lists — all plain JSON (the job writes them as
 * partials.json), all merging to the same result in any order.
 */

import { calendarOf } from '../config/calendar.js';
import type { Config, ScenarioName } from '../config/types.js';
import { ALL_SCENARIOS } from '../config/types.js';
import type { OrderResult, PartitionResult, SimulationRow } from '../model/results.js';
import type { TradingCalendar } from '../time/trading-calendar.js';
import { type ExactSum, exactAdd } from './exact-sum.js';

export interface ScenarioSums {
  /** subject rows of the scenario with status ok */
  sim_orders: number;
  no_mid_orders: number;
  sim_filled_qty: number;
  /** rows with a savings value */
  savings_orders: number;
  savings_raw: ExactSum;
  savings_money: ExactSum;
  /** Σ savings_bps · min(filled_qty, sim_filled_qty) */
  savings_bps_weighted: ExactSum;
  savings_weight: number;
  /** Σ savings_bps, for the unweighted mean */
  savings_bps_sum: ExactSum;
}

export interface AggregateSums {
  orders: number;
  filled_orders: number;
  order_qty: number;
  day_matched: number;
  filled_qty: number;
  fill_ratio_sum: ExactSum;
  fill_ratio_count: number;
  /** bigint Σ price·quantity as a decimal string */
  notional: string;
  /** Σ arrival_cost_bps · filled_qty over orders with a cost */
  arrival_cost_weighted: ExactSum;
  arrival_cost_weight: number;
  scenarios: Partial<Record<ScenarioName, ScenarioSums>>;
  dates: string[];
  securities: number[];
  participants: number[];
}

export const DIMENSIONS = [
  'by_security',
  'by_date',
  'by_participant',
  'by_time_of_day',
  'by_order_size',
  'by_group',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface PartitionPartials {
  /** the partitions summed, sorted by (security_code, trading_date) */
  partitions: { security_code: number; trading_date: string }[];
  global: AggregateSums;
  /** key -> sums; keys: security code, date, participant id ('' = none), "HH:MM", size label, group */
  by_security: Record<string, AggregateSums>;
  by_date: Record<string, AggregateSums>;
  by_participant: Record<string, AggregateSums>;
  by_time_of_day: Record<string, AggregateSums>;
  by_order_size: Record<string, AggregateSums>;
  by_group: Record<string, AggregateSums>;
}

export function emptyScenarioSums(): ScenarioSums {
  return {
    sim_orders: 0,
    no_mid_orders: 0,
    sim_filled_qty: 0,
    savings_orders: 0,
    savings_raw: [],
    savings_money: [],
    savings_bps_weighted: [],
    savings_weight: 0,
    savings_bps_sum: [],
  };
}

export function emptyAggregateSums(): AggregateSums {
  return {
    orders: 0,
    filled_orders: 0,
    order_qty: 0,
    day_matched: 0,
    filled_qty: 0,
    fill_ratio_sum: [],
    fill_ratio_count: 0,
    notional: '0',
    arrival_cost_weighted: [],
    arrival_cost_weight: 0,
    scenarios: {},
    dates: [],
    securities: [],
    participants: [],
  };
}

/** Inserts into an ascending list unless present. */
export function insertSorted<T extends string | number>(list: T[], value: T): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== value) list.splice(lo, 0, value);
}

/** Labels of the order-size buckets for ascending integer edges: [100, 1000] -> "<=100", "101-1000", ">1000". */
export function orderSizeLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all'];
  const labels = [`<=${edges[0]}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${edges[i - 1] + 1}-${edges[i]}`);
  labels.push(`>${edges[edges.length - 1]}`);
  return labels;
}

export function orderSizeLabel(size: number, edges: readonly number[], labels: readonly string[]): string {
  let i = 0;
  while (i < edges.length && size > edges[i]) i++;
  return labels[i];
}

function timeBucketLabel(calendar: TradingCalendar, ts: bigint, bucketMinutes: number): string {
  const epochSec = Number(ts / 1_000_000_000n) - (ts % 1_000_000_000n < 0n ? 1 : 0);
  const minuteOfDay = Math.floor(calendar.localSecondOfDay(epochSec) / 60);
  const start = minuteOfDay - (minuteOfDay % bucketMinutes);
  return `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
}

function addOrder(sums: AggregateSums, o: OrderResult): void {
  sums.orders += 1;
  if (o.filled_qty > 0) sums.filled_orders += 1;
  sums.order_qty += o.order_size;
  sums.day_matched += o.day_matched;
  sums.filled_qty += o.filled_qty;
  if (o.fill_ratio !== null) {
    exactAdd(sums.fill_ratio_sum, o.fill_ratio);
    sums.fill_ratio_count += 1;
  }
  sums.notional = (BigInt(sums.notional) + o.notional).toString();
  if (o.arrival_cost_bps !== null && o.filled_qty > 0) {
    exactAdd(sums.arrival_cost_weighted, o.arrival_cost_bps * o.filled_qty);
    sums.arrival_cost_weight += o.filled_qty;
  }
  insertSorted(sums.dates, o.trading_date);
  insertSorted(sums.securities, o.security_code);
  if (o.participant_id !== null) insertSorted(sums.participants, o.participant_id);
}

function addSimulation(sums: AggregateSums, s: SimulationRow): void {
  let sc = sums.scenarios[s.scenario];
  if (sc === undefined) {
    sc = emptyScenarioSums();
    sums.scenarios[s.scenario] = sc;
  }
  if (s.status === 'no_mid') sc.no_mid_orders += 1;
  else sc.sim_orders += 1;
  sc.sim_filled_qty += s.sim_filled_qty ?? 0;
  if (s.savings_bps !== null && s.sim_filled_qty !== null) {
    const both = Math.min(s.filled_qty, s.sim_filled_qty);
    sc.savings_orders += 1;
    exactAdd(sc.savings_raw, s.savings_raw ?? 0);
    exactAdd(sc.savings_money, s.savings_money ?? 0);
    exactAdd(sc.savings_bps_weighted, s.savings_bps * both);
    exactAdd(sc.savings_bps_sum, s.savings_bps);
    sc.savings_weight += both;
  }
}

export function isSubject(o: OrderResult, config: Config): boolean {
  return o.in_scope && (config.simulation.subjects === 'all' || o.is_sweep);
}

/** Sorts a record's keys so its JSON text does not depend on the order rows came in. */
function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

function sortScenarios(
  scenarios: Partial<Record<ScenarioName, ScenarioSums>>,
): Partial<Record<ScenarioName, ScenarioSums>> {
  const out: Partial<Record<ScenarioName, ScenarioSums>> = {};
  for (const s of ALL_SCENARIOS) if (scenarios[s] !== undefined) out[s] = scenarios[s];
  return out;
}

/** Partials with nothing summed yet, for `partitions`. */
export function emptyPartials(partitions: PartitionPartials['partitions']): PartitionPartials {
  return {
    partitions,
    global: emptyAggregateSums(),
    by_security: {},
    by_date: {},
    by_participant: {},
    by_time_of_day: {},
    by_order_size: {},
    by_group: {},
  };
}

export function partialsOf(result: PartitionResult, config: Config): PartitionPartials {
  const calendar = calendarOf(config);
  const edges = config.aggregation.orderSizeEdges;
  const sizeLabels = orderSizeLabels(edges);
  const partials = emptyPartials([
    { security_code: result.security_code, trading_date: result.trading_date },
  ]);
  const sumsOf = (dim: Dimension, key: string): AggregateSums => {
    let sums = partials[dim][key];
    if (sums === undefined) {
      sums = emptyAggregateSums();
      partials[dim][key] = sums;
    }
    return sums;
  };
  const targetsOf = (o: OrderResult): AggregateSums[] => [
    partials.global,
    sumsOf('by_security', String(o.security_code)),
    sumsOf('by_date', o.trading_date),
    sumsOf('by_participant', o.participant_id === null ? '' : String(o.participant_id)),
    sumsOf('by_time_of_day', timeBucketLabel(calendar, o.benchmark_ts, config.aggregation.timeBucketMinutes)),
    sumsOf('by_order_size', orderSizeLabel(o.order_size, edges, sizeLabels)),
    sumsOf('by_group', o.group),
  ];

  const targetsById = new Map<bigint, AggregateSums[]>();
  for (const o of result.orders) {
    if (!isSubject(o, config)) continue;
    const targets = targetsOf(o);
    targetsById.set(o.order_id, targets);
    for (const sums of targets) addOrder(sums, o);
  }
  for (const s of result.simulation) {
    const targets = targetsById.get(s.order_id);
    if (targets === undefined) continue;
    for (const sums of targets) addSimulation(sums, s);
  }

  partials.global.scenarios = sortScenarios(partials.global.scenarios);
  for (const dim of DIMENSIONS) {
    for (const sums of Object.values(partials[dim])) sums.scenarios = sortScenarios(sums.scenarios);
    partials[dim] = sortedRecord(partials[dim]);
  }
  return partials;
}
