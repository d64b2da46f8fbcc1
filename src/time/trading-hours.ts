/**
 * The trading-hours decision of SPEC §3: a trading date's local window as epoch nanoseconds, and
 * whether an order-day's life meets it. Pure, so the in-scope test and benchmark_ts agree
 * everywhere they are computed.
 */
import type { TradingHours } from '../config/types.js';
import { parseHhMm, type TradingCalendar } from './trading-calendar.js';

export interface TradingHoursWindow {
  /** epoch ns of the local start time on that date (inclusive) */
  startNs: bigint;
  /** epoch ns of the local end time on that date (exclusive) */
  endNs: bigint;
}

const NS_PER_SECOND = 1_000_000_000n;

/**
 * [start, end) of local trading hours on trading date `day` (days since epoch). Computed whether or
 * not filtering is enabled, because benchmark_ts uses the start either way.
 */
export function tradingHoursWindow(
  calendar: TradingCalendar,
  day: number,
  hours: TradingHours,
): TradingHoursWindow {
  return {
    startNs: BigInt(calendar.epochOfLocal(day, parseHhMm(hours.start))) * NS_PER_SECOND,
    endNs: BigInt(calendar.epochOfLocal(day, parseHhMm(hours.end))) * NS_PER_SECOND,
  };
}

/** Does the closed life [firstNs, lastNs] meet the half-open window [start, end)? */
export function overlapsTradingHours(firstNs: bigint, lastNs: bigint, window: TradingHoursWindow): boolean {
  return firstNs < window.endNs && lastNs >= window.startNs;
}
