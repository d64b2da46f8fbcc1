/**
 * Result rows of one partition job. Keys are the output column names (SPEC §7), so writers and
 * aggregators need no mapping. Value conventions:
 *  - bigint: ids, nanosecond timestamps, notional (exact integers);
 *  - number: integer quantities/prices, mids (exact: a half unit is exact in a double), and
 *    other reals (bps, ratios, vwap) printed as JS String(x);
 *  - columns ending in `_ms` hold a bigint count of NANOSECONDS; the writer prints ns / 1e6 as an
 *    exact decimal ("1.5" for 1_500_000n);
 *  - null: empty field in CSV, null in Parquet.
 */
import type { ScenarioName } from '../config/types.js';
import type { Side } from './rows.js';

export type Group = 'G1_FULLY_FILLED' | 'G2_PARTIALLY_FILLED' | 'G3_NOT_EXECUTED';
export type VenueClass = 'dark' | 'lit' | 'auction' | 'offmarket';

/** One row per universe order-day of the partition (`in_scope` says whether it is in scope). */
export interface OrderResult {
  trading_date: string;
  security_code: number;
  order_id: bigint;
  participant_id: number | null;
  side: Side;
  order_type: number;
  is_sweep: boolean;
  arrival_ts: bigint;
  final_ts: bigint;
  arrival_price: number;
  order_size: number;
  final_matched: number;
  final_leaves: number;
  group: Group;
  arrival_mid: number | null;
  filled_qty: number;
  notional: bigint;
  vwap: number | null;
  num_trades: number;
  first_fill_ts: bigint | null;
  last_fill_ts: bigint | null;
  /** nanoseconds, printed as ms */
  time_to_first_fill_ms: bigint | null;
  /** nanoseconds, printed as ms */
  execution_duration_ms: bigint | null;
  dark_filled_qty: number | null;
  lit_filled_qty: number | null;
  fill_ratio: number | null;
  qty_mismatch: boolean;
  arrival_cost_bps: number | null;
  price_improvement_bps: number | null;
  effective_spread_bps: number | null;
  day_matched: number;
  benchmark_ts: bigint;
  is_reload: boolean;
  auction_filled_qty: number | null;
  offmarket_filled_qty: number | null;
  legs_without_mid: number;
  in_scope: boolean;
}

/** The trade legs of the partition's written orders. */
export interface TradeResult {
  trading_date: string;
  security_code: number;
  order_id: bigint;
  trade_time: bigint;
  trade_price: number;
  quantity: number;
  side: Side;
  deal_source: number | null;
  participant_id: number | null;
  national_bid: number | null;
  national_offer: number | null;
  match_group_id: bigint | null;
  trade_mid: number | null;
  venue_class: VenueClass | null;
}

export interface MetricsRow {
  trading_date: string;
  security_code: number;
  group: Group | 'OVERALL';
  order_count: number;
  num_full_fills: number;
  num_partial_fills: number;
  quantity_traded: number;
  total_order_quantity: number;
  vwap: number | null;
  fill_ratio: number | null;
}

export interface SimulationRow {
  trading_date: string;
  security_code: number;
  order_id: bigint;
  scenario: ScenarioName;
  status: 'ok' | 'no_mid';
  mid: number | null;
  sim_filled_qty: number | null;
  sim_vwap: number | null;
  sim_fill_ratio: number | null;
  savings_raw: number | null;
  savings_bps: number | null;
  savings_money: number | null;
  side: Side;
  participant_id: number | null;
  is_sweep: boolean;
  order_size: number;
  filled_qty: number;
  vwap: number | null;
  benchmark_ts: bigint;
}

export interface MatchRow {
  trading_date: string;
  security_code: number;
  sweep_order_id: bigint;
  contra_order_id: bigint;
  ts: bigint;
  qty: number;
  price: number;
}

/** Everything `analysePartition` returns, rows already in their output sort order. */
export interface PartitionResult {
  trading_date: string;
  security_code: number;
  orders: OrderResult[];
  trades: TradeResult[];
  metrics: MetricsRow[];
  simulation: SimulationRow[];
  matches: MatchRow[];
}
