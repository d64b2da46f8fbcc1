/**
 * Column lists and types of the per-partition files (SPEC §4.3, §7): the SPEC's first list, then
 * its "also" columns. Keys are the property names of the rows in src/model/results.ts.
 *
 * Types and how they are written:
 *  - date:    "YYYY-MM-DD" string; Parquet DATE
 *  - int:     integer JS number; Parquet BIGINT (quantities can exceed INT32 in sums and sizes)
 *  - u64:     bigint id; Parquet UBIGINT
 *  - i64:     bigint (ns timestamps, notional); Parquet BIGINT
 *  - decimal: exact number (prices, mids: integers or halves), String(x); Parquet DOUBLE (exact
 *             for these values)
 *  - double:  IEEE double, String(x); Parquet DOUBLE
 *  - ns_ms:   bigint nanoseconds printed as exact milliseconds; Parquet DECIMAL(38,6) of ms
 *  - bool:    "true"/"false"; Parquet BOOLEAN
 *  - string:  Parquet VARCHAR
 * Null is an empty CSV field and a Parquet NULL.
 */
import type { MatchRow, MetricsRow, OrderResult, SimulationRow, TradeResult } from '../model/results.js';

export type ColumnType = 'date' | 'int' | 'u64' | 'i64' | 'decimal' | 'double' | 'ns_ms' | 'bool' | 'string';

export interface Column<Row> {
  name: keyof Row & string;
  type: ColumnType;
}

export type Schema<Row> = readonly Column<Row>[];

export const ORDERS_SCHEMA: Schema<OrderResult> = [
  { name: 'trading_date', type: 'date' },
  { name: 'security_code', type: 'int' },
  { name: 'order_id', type: 'u64' },
  { name: 'participant_id', type: 'int' },
  { name: 'side', type: 'int' },
  { name: 'order_type', type: 'int' },
  { name: 'is_sweep', type: 'bool' },
  { name: 'arrival_ts', type: 'i64' },
  { name: 'final_ts', type: 'i64' },
  { name: 'arrival_price', type: 'decimal' },
  { name: 'order_size', type: 'int' },
  { name: 'final_matched', type: 'int' },
  { name: 'final_leaves', type: 'int' },
  { name: 'group', type: 'string' },
  { name: 'arrival_mid', type: 'decimal' },
  { name: 'filled_qty', type: 'int' },
  { name: 'notional', type: 'i64' },
  { name: 'vwap', type: 'double' },
  { name: 'num_trades', type: 'int' },
  { name: 'first_fill_ts', type: 'i64' },
  { name: 'last_fill_ts', type: 'i64' },
  { name: 'time_to_first_fill_ms', type: 'ns_ms' },
  { name: 'execution_duration_ms', type: 'ns_ms' },
  { name: 'dark_filled_qty', type: 'int' },
  { name: 'lit_filled_qty', type: 'int' },
  { name: 'fill_ratio', type: 'double' },
  { name: 'qty_mismatch', type: 'bool' },
  { name: 'arrival_cost_bps', type: 'double' },
  { name: 'price_improvement_bps', type: 'double' },
  { name: 'effective_spread_bps', type: 'double' },
  { name: 'day_matched', type: 'int' },
  { name: 'benchmark_ts', type: 'i64' },
  { name: 'is_reload', type: 'bool' },
  { name: 'auction_filled_qty', type: 'int' },
  { name: 'offmarket_filled_qty', type: 'int' },
  { name: 'legs_without_mid', type: 'int' },
  { name: 'in_scope', type: 'bool' },
];

export const TRADES_SCHEMA: Schema<TradeResult> = [
  { name: 'trading_date', type: 'date' },
  { name: 'security_code', type: 'int' },
  { name: 'order_id', type: 'u64' },
  { name: 'trade_time', type: 'i64' },
  { name: 'trade_price', type: 'decimal' },
  { name: 'quantity', type: 'int' },
  { name: 'side', type: 'int' },
  { name: 'deal_source', type: 'int' },
  { name: 'participant_id', type: 'int' },
  { name: 'national_bid', type: 'decimal' },
  { name: 'national_offer', type: 'decimal' },
  { name: 'match_group_id', type: 'u64' },
  { name: 'trade_mid', type: 'decimal' },
  { name: 'venue_class', type: 'string' },
];

export const SIMULATION_SCHEMA: Schema<SimulationRow> = [
  { name: 'trading_date', type: 'date' },
  { name: 'security_code', type: 'int' },
  { name: 'order_id', type: 'u64' },
  { name: 'scenario', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'mid', type: 'decimal' },
  { name: 'sim_filled_qty', type: 'int' },
  { name: 'sim_vwap', type: 'double' },
  { name: 'sim_fill_ratio', type: 'double' },
  { name: 'savings_raw', type: 'double' },
  { name: 'savings_bps', type: 'double' },
  { name: 'savings_money', type: 'double' },
  { name: 'side', type: 'int' },
  { name: 'participant_id', type: 'int' },
  { name: 'is_sweep', type: 'bool' },
  { name: 'order_size', type: 'int' },
  { name: 'filled_qty', type: 'int' },
  { name: 'vwap', type: 'double' },
  { name: 'benchmark_ts', type: 'i64' },
];

export const MATCHES_SCHEMA: Schema<MatchRow> = [
  { name: 'trading_date', type: 'date' },
  { name: 'security_code', type: 'int' },
  { name: 'sweep_order_id', type: 'u64' },
  { name: 'contra_order_id', type: 'u64' },
  { name: 'ts', type: 'i64' },
  { name: 'qty', type: 'int' },
  { name: 'price', type: 'decimal' },
];

export const METRICS_SCHEMA: Schema<MetricsRow> = [
  { name: 'trading_date', type: 'date' },
  { name: 'security_code', type: 'int' },
  { name: 'group', type: 'string' },
  { name: 'order_count', type: 'int' },
  { name: 'num_full_fills', type: 'int' },
  { name: 'num_partial_fills', type: 'int' },
  { name: 'quantity_traded', type: 'int' },
  { name: 'total_order_quantity', type: 'int' },
  { name: 'vwap', type: 'double' },
  { name: 'fill_ratio', type: 'double' },
];
