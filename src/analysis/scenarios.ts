/**
 * Dark-pool scenario rows (SPEC §4.4): A (unlimited dark), B (limited dark, the rest as it really
 * executed), C (limited dark, the rest at the impacted mid), and the shared row arithmetic that
 * the replay's R rows reuse, so every scenario computes savings the same way.
 */
import type { ScenarioName } from '../config/types.js';
import type { OrderResult, SimulationRow } from '../model/results.js';
import { floorFractionOf } from './exact-fraction.js';
import { bigintRatio } from './execution.js';

/** The simulated fills of one order in one scenario. */
export interface SimulatedFill {
  qty: number;
  /** quantity-weighted price of the simulated fills; null when qty is 0 */
  vwap: number | null;
}

export interface ScenarioParams {
  darkFraction: number;
  priceImpactPercent: number;
}

type SimulationSubject = Pick<
  OrderResult,
  | 'trading_date'
  | 'security_code'
  | 'order_id'
  | 'side'
  | 'participant_id'
  | 'is_sweep'
  | 'order_size'
  | 'filled_qty'
  | 'vwap'
  | 'benchmark_ts'
  | 'arrival_mid'
>;

/**
 * One simulation row. `fill` null makes a `no_mid` row (every sim field empty). Savings need
 * a mid (for bps), a real and a simulated fill; otherwise they are empty, so savings_raw,
 * savings_bps and savings_money always cover the same orders.
 */
export function simulationRowFor(
  order: SimulationSubject,
  scenario: ScenarioName,
  mid: number | null,
  fill: SimulatedFill | null,
  priceScale: number,
): SimulationRow {
  const s = order.side === 1 ? 1 : -1;
  const ok = fill !== null;
  const hasSavings =
    ok && mid !== null && order.vwap !== null && fill.vwap !== null && order.filled_qty > 0 && fill.qty > 0;
  const priceGain = hasSavings ? s * ((order.vwap as number) - (fill.vwap as number)) : null;
  const savingsRaw =
    priceGain === null ? null : priceGain * Math.min(order.filled_qty, (fill as SimulatedFill).qty);
  // one literal with every key in column order: rows share one hidden class (a spread of a
  // base object made them dictionary-mode, which dominated the analysis profile)
  return {
    trading_date: order.trading_date,
    security_code: order.security_code,
    order_id: order.order_id,
    scenario,
    status: ok ? 'ok' : 'no_mid',
    mid: ok ? mid : null,
    sim_filled_qty: ok ? fill.qty : null,
    sim_vwap: ok ? fill.vwap : null,
    sim_fill_ratio: ok && order.order_size > 0 ? fill.qty / order.order_size : null,
    savings_raw: savingsRaw,
    savings_bps: priceGain === null ? null : (priceGain * 1e4) / (mid as number),
    savings_money: savingsRaw === null ? null : savingsRaw / priceScale,
    side: order.side,
    participant_id: order.participant_id,
    is_sweep: order.is_sweep,
    order_size: order.order_size,
    filled_qty: order.filled_qty,
    vwap: order.vwap,
    benchmark_ts: order.benchmark_ts,
  };
}

/** dark at `mid` plus lit at `litPrice`, as one fill. */
function blend(dark: number, mid: number, lit: number, litPrice: number): SimulatedFill {
  const qty = dark + lit;
  if (qty === 0) return { qty, vwap: null };
  if (lit === 0) return { qty, vwap: mid };
  return { qty, vwap: (dark * mid + lit * litPrice) / qty };
}

function darkFill(
  scenario: 'A' | 'B' | 'C',
  order: SimulationSubject,
  mid: number,
  params: ScenarioParams,
): SimulatedFill {
  if (scenario === 'A') return blend(order.order_size, mid, 0, 0);
  const dark = floorFractionOf(params.darkFraction, order.order_size);
  const lit = Math.min(order.order_size - dark, order.filled_qty);
  if (scenario === 'B') return blend(dark, mid, lit, order.vwap ?? 0);
  // price impact is always adverse to the order's owner
  const impact = params.priceImpactPercent / 100;
  const impacted = order.side === 1 ? mid * (1 + impact) : mid * (1 - impact);
  return blend(dark, mid, lit, impacted);
}

/** The A/B/C rows of one subject, in scenario order, for the requested scenarios. */
export function darkScenarioRows(
  order: SimulationSubject,
  scenarios: readonly ScenarioName[],
  params: ScenarioParams,
  priceScale: number,
): SimulationRow[] {
  const rows: SimulationRow[] = [];
  for (const scenario of ['A', 'B', 'C'] as const) {
    if (!scenarios.includes(scenario)) continue;
    const mid = order.arrival_mid;
    const fill = mid === null ? null : darkFill(scenario, order, mid, params);
    rows.push(simulationRowFor(order, scenario, mid, fill, priceScale));
  }
  return rows;
}

/** Σ qty and Σ qty·price / Σ qty of a sweep's replay matches; prices may be half units, so sum 2·price exactly. */
export function replayFill(matches: readonly { qty: number; price: number }[]): SimulatedFill {
  let qty = 0;
  let twiceNotional = 0n;
  for (const m of matches) {
    qty += m.qty;
    twiceNotional += BigInt(m.qty) * BigInt(m.price * 2);
  }
  return { qty, vwap: qty > 0 ? bigintRatio(twiceNotional, qty * 2) : null };
}

/**
 * The R row of a sweep. The replay seeks also without an arrival mid (its prices are the mids at
 * match time), so the row is `ok` with its fills; savings stay empty then, like every scenario's
 * without a mid, because savings_bps is relative to the arrival mid.
 */
export function replayRow(
  order: SimulationSubject,
  matches: readonly { qty: number; price: number }[],
  priceScale: number,
): SimulationRow {
  return simulationRowFor(order, 'R', order.arrival_mid, replayFill(matches), priceScale);
}
