/**
 * The pure analysis job of one (trading date, security) partition (SPEC §4): order-days, real
 * execution, group metrics, the A/B/C scenarios and, when requested, the replay R. No I/O; the
 * same input gives the same rows in the same order.
 */

import { calendarOf } from '../config/calendar.js';
import { type Config, priceScaleFor } from '../config/types.js';
import type { MatchRow, OrderResult, PartitionResult, SimulationRow, TradeResult } from '../model/results.js';
import type { PartitionData, TradeLeg } from '../model/rows.js';
import { formatDate } from '../time/trading-calendar.js';
import { type Execution, executionOf, tradeResultOf } from './execution.js';
import { groupMetrics } from './group-metrics.js';
import { buildOrderDays, type OrderDay } from './order-days.js';
import { QuoteStream } from './quote-stream.js';
import { replayPartition } from './replay.js';
import { darkScenarioRows, replayRow } from './scenarios.js';

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function orderResultOf(
  tradingDate: string,
  securityCode: number,
  order: OrderDay,
  arrivalMid: number | null,
  x: Execution,
): OrderResult {
  return {
    trading_date: tradingDate,
    security_code: securityCode,
    order_id: order.orderId,
    participant_id: order.participantId,
    side: order.side,
    order_type: order.orderType,
    is_sweep: order.isSweep,
    arrival_ts: order.arrival.ts,
    final_ts: order.final.ts,
    arrival_price: order.arrival.price,
    order_size: order.orderSize,
    final_matched: order.final.matched,
    final_leaves: order.final.leaves,
    group: order.group,
    arrival_mid: arrivalMid,
    filled_qty: x.filledQty,
    notional: x.notional,
    vwap: x.vwap,
    num_trades: x.numTrades,
    first_fill_ts: x.firstFillTs,
    last_fill_ts: x.lastFillTs,
    time_to_first_fill_ms: x.timeToFirstFillNs,
    execution_duration_ms: x.executionDurationNs,
    dark_filled_qty: x.darkQty,
    lit_filled_qty: x.litQty,
    fill_ratio: x.fillRatio,
    qty_mismatch: x.qtyMismatch,
    arrival_cost_bps: x.arrivalCostBps,
    price_improvement_bps: x.priceImprovementBps,
    effective_spread_bps: x.effectiveSpreadBps,
    day_matched: order.dayMatched,
    benchmark_ts: order.benchmarkTs,
    is_reload: order.isReload,
    auction_filled_qty: x.auctionQty,
    offmarket_filled_qty: x.offmarketQty,
    legs_without_mid: x.legsWithoutMid,
    in_scope: order.inScope,
  };
}

function legsByOrder(trades: readonly TradeLeg[]): Map<bigint, TradeLeg[]> {
  const byOrder = new Map<bigint, TradeLeg[]>();
  for (const t of trades) {
    const list = byOrder.get(t.orderId);
    if (list) list.push(t);
    else byOrder.set(t.orderId, [t]);
  }
  for (const list of byOrder.values())
    list.sort((a, b) => compareBigint(a.tradeTime, b.tradeTime) || a.fileOrder - b.fileOrder);
  return byOrder;
}

export function analysePartition(data: PartitionData, config: Config): PartitionResult {
  const tradingDate = formatDate(data.day);
  const securityCode = data.securityCode;
  const calendar = calendarOf(config);
  const orderDays = buildOrderDays(data.orders, data.day, calendar, config.dataSelection);
  const quotes = QuoteStream.build(data.orders, data.trades, data.quotes);
  const legs = legsByOrder(data.trades);
  const hasDealSource = data.trades.some((t) => t.dealSource !== null);

  const orders: OrderResult[] = [];
  const trades: TradeResult[] = [];
  for (const day of orderDays) {
    const ownLegs = legs.get(day.orderId) ?? [];
    const arrivalMid = quotes.midAsof(day.benchmarkTs);
    const execution = executionOf(day, ownLegs, arrivalMid, quotes, hasDealSource);
    orders.push(orderResultOf(tradingDate, securityCode, day, arrivalMid, execution));
    for (const leg of ownLegs) trades.push(tradeResultOf(leg, tradingDate, quotes, hasDealSource));
  }

  const subjects = orders.filter((o) => o.in_scope && (config.simulation.subjects === 'all' || o.is_sweep));
  const priceScale = priceScaleFor(config, securityCode);
  const simulation: SimulationRow[] = [];
  for (const o of subjects)
    simulation.push(...darkScenarioRows(o, config.simulation.scenarios, config.simulation, priceScale));

  let matches: MatchRow[] = [];
  if (config.simulation.scenarios.includes('R')) {
    const sweeps = subjects.filter((o) => o.is_sweep);
    const replay = replayPartition(
      orderDays,
      quotes,
      new Set(sweeps.map((o) => o.order_id)),
      config.centrePointMask,
    );
    const bySweep = new Map<bigint, { qty: number; price: number }[]>();
    for (const m of replay.matches) {
      const list = bySweep.get(m.sweepOrderId);
      if (list) list.push(m);
      else bySweep.set(m.sweepOrderId, [m]);
    }
    for (const o of sweeps) simulation.push(replayRow(o, bySweep.get(o.order_id) ?? [], priceScale));
    matches = replay.matches
      .map((m) => ({
        trading_date: tradingDate,
        security_code: securityCode,
        sweep_order_id: m.sweepOrderId,
        contra_order_id: m.contraOrderId,
        ts: m.ts,
        qty: m.qty,
        price: m.price,
      }))
      .sort(
        (a, b) =>
          compareBigint(a.ts, b.ts) ||
          compareBigint(a.sweep_order_id, b.sweep_order_id) ||
          compareBigint(a.contra_order_id, b.contra_order_id),
      );
  }
  // orders, and with them their legs, are already in order-id order
  simulation.sort(
    (a, b) =>
      compareBigint(a.order_id, b.order_id) ||
      (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : 0),
  );

  return {
    trading_date: tradingDate,
    security_code: securityCode,
    orders,
    trades,
    metrics: groupMetrics(tradingDate, securityCode, subjects),
    simulation,
    matches,
  };
}
