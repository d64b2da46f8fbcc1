/**
 * metrics.csv rows of one partition (SPEC §4.3): G1, G2, G3 and OVERALL, always all four and in
 * that order, over the subjects the caller passes (the in-scope sweeps, or every in-scope
 * order-day with `simulation.subjects: all`).
 */
import type { Group, MetricsRow, OrderResult } from '../model/results.js';
import { bigintRatio } from './execution.js';

const GROUPS: readonly Group[] = ['G1_FULLY_FILLED', 'G2_PARTIALLY_FILLED', 'G3_NOT_EXECUTED'];

type MetricsSubject = Pick<OrderResult, 'group' | 'day_matched' | 'order_size' | 'filled_qty' | 'notional'>;

function metricsRow(
  tradingDate: string,
  securityCode: number,
  group: MetricsRow['group'],
  subjects: readonly MetricsSubject[],
): MetricsRow {
  let quantityTraded = 0;
  let totalOrderQuantity = 0;
  let filled = 0;
  let notional = 0n;
  for (const o of subjects) {
    quantityTraded += o.day_matched;
    totalOrderQuantity += o.order_size;
    filled += o.filled_qty;
    notional += o.notional;
  }
  return {
    trading_date: tradingDate,
    security_code: securityCode,
    group,
    order_count: subjects.length,
    num_full_fills: subjects.filter((o) => o.group === 'G1_FULLY_FILLED').length,
    num_partial_fills: subjects.filter((o) => o.group === 'G2_PARTIALLY_FILLED').length,
    quantity_traded: quantityTraded,
    total_order_quantity: totalOrderQuantity,
    vwap: filled > 0 ? bigintRatio(notional, filled) : null,
    fill_ratio: totalOrderQuantity > 0 ? quantityTraded / totalOrderQuantity : null,
  };
}

export function groupMetrics(
  tradingDate: string,
  securityCode: number,
  subjects: readonly MetricsSubject[],
): MetricsRow[] {
  return [
    ...GROUPS.map((g) =>
      metricsRow(
        tradingDate,
        securityCode,
        g,
        subjects.filter((o) => o.group === g),
      ),
    ),
    metricsRow(tradingDate, securityCode, 'OVERALL', subjects),
  ];
}
