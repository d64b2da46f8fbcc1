/**
 * Order-days of one partition (SPEC §3, §4.1): the partition's order events grouped by order id,
 * each group sorted by (timestamp, sequence, file order). The lifecycle fields come from the first
 * (arrival) and last (final) event only — event rows are never joined to each other.
 */
import type { Config } from '../config/types.js';
import type { Group } from '../model/results.js';
import type { OrderEvent, Side } from '../model/rows.js';
import type { TradingCalendar } from '../time/trading-calendar.js';
import { overlapsTradingHours, type TradingHoursWindow, tradingHoursWindow } from '../time/trading-hours.js';

export const SWEEP_BIT = 2048;
export const CHANGE_REASON_RELOAD = 30;

/**
 * One order on one trading date. Consumed by the replay: keep these fields stable.
 * All events belong to the same trading date and security (the partition's).
 */
export interface OrderDay {
  orderId: bigint;
  /** this day's events of the order, sorted by (ts, sequence, fileOrder); never empty */
  events: OrderEvent[];
  /** events[0] */
  arrival: OrderEvent;
  /** events[events.length - 1] */
  final: OrderEvent;
  /** from the arrival event */
  side: Side;
  /** from the arrival event (constant for an order) */
  orderType: number;
  participantId: number | null;
  midtick: number | null;
  /** orderType has the sweep bit 2048 */
  isSweep: boolean;
  /** the arrival event is a reload (change_reason 30), which carries earlier days' fills */
  isReload: boolean;
  /** quantity matched on this trading date */
  dayMatched: number;
  /** dayMatched + final.leaves: what the order worked that day */
  orderSize: number;
  group: Group;
  /** max(arrival ts, trading-hours start of the day), ns */
  benchmarkTs: bigint;
  /** participant selected and (hours disabled or life overlaps the trading hours) */
  inScope: boolean;
}

/** Null sequences sort before any sequence, so the order stays total when the column is partly empty. */
function compareNullableBigint(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Event history order (SPEC §4): timestamp, then sequence, then file order. */
export function compareEvents(a: OrderEvent, b: OrderEvent): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  return compareNullableBigint(a.sequence, b.sequence) || a.fileOrder - b.fileOrder;
}

function groupOf(dayMatched: number, finalLeaves: number): Group {
  if (dayMatched === 0) return 'G3_NOT_EXECUTED';
  return finalLeaves === 0 ? 'G1_FULLY_FILLED' : 'G2_PARTIALLY_FILLED';
}

function orderDayOf(
  orderId: bigint,
  events: OrderEvent[],
  window: TradingHoursWindow,
  selection: Config['dataSelection'],
  participants: ReadonlySet<number>,
): OrderDay {
  events.sort(compareEvents);
  const arrival = events[0];
  const final = events[events.length - 1];
  const isReload = arrival.changeReason === CHANGE_REASON_RELOAD;
  const dayMatched = isReload ? final.matched - arrival.matched : final.matched;
  const participantSelected =
    participants.size === 0 || (arrival.participantId !== null && participants.has(arrival.participantId));
  const inHours = !selection.tradingHours.enabled || overlapsTradingHours(arrival.ts, final.ts, window);
  return {
    orderId,
    events,
    arrival,
    final,
    side: arrival.side,
    orderType: arrival.orderType,
    participantId: arrival.participantId,
    midtick: arrival.midtick,
    isSweep: (arrival.orderType & SWEEP_BIT) !== 0,
    isReload,
    dayMatched,
    orderSize: dayMatched + final.leaves,
    group: groupOf(dayMatched, final.leaves),
    // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.max does not take
    benchmarkTs: arrival.ts > window.startNs ? arrival.ts : window.startNs,
    inScope: participantSelected && inHours,
  };
}

/**
 * The order-days of a partition's events, sorted by order id. `day` is the partition's trading
 * date (days since epoch); the trading-hours window of that date sets benchmark_ts even when the
 * hours filter is disabled.
 */
export function buildOrderDays(
  events: readonly OrderEvent[],
  day: number,
  calendar: TradingCalendar,
  selection: Config['dataSelection'],
): OrderDay[] {
  const byOrder = new Map<bigint, OrderEvent[]>();
  for (const e of events) {
    const list = byOrder.get(e.orderId);
    if (list) list.push(e);
    else byOrder.set(e.orderId, [e]);
  }
  const window = tradingHoursWindow(calendar, day, selection.tradingHours);
  const participants = new Set(selection.participantIds);
  const ids = [...byOrder.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((id) => orderDayOf(id, byOrder.get(id) as OrderEvent[], window, selection, participants));
}
