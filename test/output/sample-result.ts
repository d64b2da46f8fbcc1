/** Builders of result rows and configs for the output and aggregation tests. */

import { defaultConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import type {
  MatchRow,
  MetricsRow,
  OrderResult,
  PartitionResult,
  SimulationRow,
  TradeResult,
} from '../../src/model/results.js';

/** 2024-09-05 10:30:00 AEST (UTC+10) = 00:30:00 UTC = epoch 1725496200 s */
export const TS_1030 = 1_725_496_200_000_000_000n;

export function orderRow(o: Partial<OrderResult> & Pick<OrderResult, 'order_id'>): OrderResult {
  return {
    trading_date: '2024-09-05',
    security_code: 110621,
    participant_id: 7,
    side: 1,
    order_type: 2048,
    is_sweep: true,
    arrival_ts: TS_1030,
    final_ts: TS_1030 + 5_000_000_000n,
    arrival_price: 3340,
    order_size: 500,
    final_matched: 200,
    final_leaves: 300,
    group: 'G2_PARTIALLY_FILLED',
    arrival_mid: 3337.5,
    filled_qty: 200,
    notional: 668_000n,
    vwap: 3340,
    num_trades: 2,
    first_fill_ts: TS_1030 + 1_500_000n,
    last_fill_ts: TS_1030 + 3_000_000_000n,
    time_to_first_fill_ms: 1_500_000n,
    execution_duration_ms: 2_998_500_000n,
    dark_filled_qty: 200,
    lit_filled_qty: 0,
    fill_ratio: 0.4,
    qty_mismatch: false,
    arrival_cost_bps: 7.490636704119851,
    price_improvement_bps: -7.490636704119851,
    effective_spread_bps: 14.981273408239701,
    day_matched: 200,
    benchmark_ts: TS_1030,
    is_reload: false,
    auction_filled_qty: 0,
    offmarket_filled_qty: 0,
    legs_without_mid: 0,
    in_scope: true,
    ...o,
  };
}

export function tradeRow(t: Partial<TradeResult> & Pick<TradeResult, 'order_id'>): TradeResult {
  return {
    trading_date: '2024-09-05',
    security_code: 110621,
    trade_time: TS_1030 + 1_500_000n,
    trade_price: 3340,
    quantity: 100,
    side: 1,
    deal_source: 47,
    participant_id: 7,
    national_bid: 3330,
    national_offer: 3345,
    match_group_id: 9_007_199_254_740_993n,
    trade_mid: 3337.5,
    venue_class: 'dark',
    ...t,
  };
}

export function simulationRow(
  s: Partial<SimulationRow> & Pick<SimulationRow, 'order_id' | 'scenario'>,
): SimulationRow {
  return {
    trading_date: '2024-09-05',
    security_code: 110621,
    status: 'ok',
    mid: 3337.5,
    sim_filled_qty: 500,
    sim_vwap: 3337.5,
    sim_fill_ratio: 1,
    savings_raw: 500,
    savings_bps: 7.490636704119851,
    savings_money: 0.5,
    side: 1,
    participant_id: 7,
    is_sweep: true,
    order_size: 500,
    filled_qty: 200,
    vwap: 3340,
    benchmark_ts: TS_1030,
    ...s,
  };
}

export function metricsRow(m: Partial<MetricsRow> & Pick<MetricsRow, 'group'>): MetricsRow {
  return {
    trading_date: '2024-09-05',
    security_code: 110621,
    order_count: 1,
    num_full_fills: 0,
    num_partial_fills: 1,
    quantity_traded: 200,
    total_order_quantity: 500,
    vwap: 3340,
    fill_ratio: 0.4,
    ...m,
  };
}

export function matchRow(m: Partial<MatchRow>): MatchRow {
  return {
    trading_date: '2024-09-05',
    security_code: 110621,
    sweep_order_id: 18_446_744_073_709_551_615n,
    contra_order_id: 9_007_199_254_740_993n,
    ts: TS_1030 + 2_000_000_000n,
    qty: 100,
    price: 3337.5,
    ...m,
  };
}

/** A small partition: ids above 2^53, a null-heavy order, a quoted-worthy nothing. */
export function samplePartition(): PartitionResult {
  const big = 18_446_744_073_709_551_615n; // 2^64 - 1
  return {
    trading_date: '2024-09-05',
    security_code: 110621,
    orders: [
      orderRow({ order_id: 9_007_199_254_740_993n }),
      orderRow({
        order_id: big,
        side: 2,
        participant_id: null,
        group: 'G3_NOT_EXECUTED',
        arrival_mid: null,
        filled_qty: 0,
        notional: 0n,
        vwap: null,
        num_trades: 0,
        first_fill_ts: null,
        last_fill_ts: null,
        time_to_first_fill_ms: null,
        execution_duration_ms: null,
        dark_filled_qty: null,
        lit_filled_qty: null,
        fill_ratio: null,
        arrival_cost_bps: null,
        price_improvement_bps: null,
        effective_spread_bps: null,
        day_matched: 0,
        final_matched: 0,
        final_leaves: 500,
        auction_filled_qty: null,
        offmarket_filled_qty: null,
      }),
    ],
    trades: [
      tradeRow({ order_id: 9_007_199_254_740_993n }),
      tradeRow({
        order_id: 9_007_199_254_740_993n,
        match_group_id: null,
        deal_source: null,
        venue_class: null,
      }),
    ],
    metrics: [
      metricsRow({ group: 'G2_PARTIALLY_FILLED' }),
      metricsRow({ group: 'OVERALL', order_count: 2, total_order_quantity: 1000, fill_ratio: 0.2 }),
    ],
    simulation: [
      simulationRow({ order_id: 9_007_199_254_740_993n, scenario: 'A' }),
      simulationRow({
        order_id: big,
        scenario: 'A',
        status: 'no_mid',
        mid: null,
        sim_filled_qty: null,
        sim_vwap: null,
        sim_fill_ratio: null,
        savings_raw: null,
        savings_bps: null,
        savings_money: null,
        side: 2,
        participant_id: null,
      }),
    ],
    matches: [matchRow({})],
  };
}

export function testConfig(
  overrides: { subjects?: 'sweeps' | 'all'; format?: 'gzip' | 'parquet'; outputDir?: string } = {},
): Config {
  const config = defaultConfig();
  config.simulation.subjects = overrides.subjects ?? 'sweeps';
  config.output.format = overrides.format ?? 'gzip';
  config.output.outputDir = overrides.outputDir ?? 'out';
  return config;
}
