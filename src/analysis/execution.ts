/**
 * Real execution of one order-day from its trade legs (SPEC §4.2), and the trade output rows.
 * Notional is an exact bigint; prices and mids are exact doubles (a half unit is exact), so only
 * the final ratios (vwap, bps) are rounded.
 */
import type { TradeResult, VenueClass } from '../model/results.js';
import type { TradeLeg } from '../model/rows.js';
import type { OrderDay } from './order-days.js';
import { midOf, type QuoteStream } from './quote-stream.js';

export interface Execution {
  filledQty: number;
  notional: bigint;
  vwap: number | null;
  numTrades: number;
  firstFillTs: bigint | null;
  lastFillTs: bigint | null;
  /** ns from benchmark_ts to the first fill; null without fills or when the fill precedes the benchmark */
  timeToFirstFillNs: bigint | null;
  /** ns from the first to the last fill */
  executionDurationNs: bigint | null;
  /** all four null when the partition's trades carry no deal source */
  darkQty: number | null;
  litQty: number | null;
  auctionQty: number | null;
  offmarketQty: number | null;
  fillRatio: number | null;
  qtyMismatch: boolean;
  arrivalCostBps: number | null;
  priceImprovementBps: number | null;
  effectiveSpreadBps: number | null;
  legsWithoutMid: number;
}

/** Venue of a leg by deal source; an empty deal source is "the rest", i.e. lit. */
export function venueClassOf(dealSource: number | null): VenueClass {
  if (dealSource === null) return 'lit';
  if (dealSource >= 46 && dealSource <= 52) return 'dark';
  if (dealSource === 20 || dealSource === 45) return 'auction';
  if (dealSource >= 3 && dealSource <= 6) return 'offmarket';
  return 'lit';
}

/** The leg's own snapshot mid when valid, else mid_asof(trade time). */
export function tradeMidOf(leg: TradeLeg, quotes: QuoteStream): number | null {
  return midOf(leg.nationalBid, leg.nationalOffer) ?? quotes.midAsof(leg.tradeTime);
}

/** price × quantity exactly: a double product is exact only below 2^53. */
function exactProduct(price: number, quantity: number): bigint {
  const p = price * quantity;
  return Number.isSafeInteger(p) ? BigInt(p) : BigInt(price) * BigInt(quantity);
}

/** num / den as the nearest double even when num exceeds 2^53. */
export function bigintRatio(num: bigint, den: number): number {
  const d = BigInt(den);
  const whole = num / d;
  return Number(whole) + Number(num - whole * d) / den;
}

/**
 * `legs` are the order-day's legs (any order); `hasDealSource` says whether the partition's trades
 * input has a deal source at all (a leg with an empty one then counts as lit, "the rest").
 */
export function executionOf(
  order: OrderDay,
  legs: readonly TradeLeg[],
  arrivalMid: number | null,
  quotes: QuoteStream,
  hasDealSource: boolean,
): Execution {
  const s = order.side === 1 ? 1 : -1;
  let filledQty = 0;
  let notional = 0n;
  let firstFillTs: bigint | null = null;
  let lastFillTs: bigint | null = null;
  const venueQty: Record<VenueClass, number> = { dark: 0, lit: 0, auction: 0, offmarket: 0 };
  let midWeight = 0;
  let improvementSum = 0;
  let spreadSum = 0;
  let legsWithoutMid = 0;
  for (const leg of legs) {
    filledQty += leg.quantity;
    notional += exactProduct(leg.price, leg.quantity);
    if (firstFillTs === null || leg.tradeTime < firstFillTs) firstFillTs = leg.tradeTime;
    if (lastFillTs === null || leg.tradeTime > lastFillTs) lastFillTs = leg.tradeTime;
    venueQty[venueClassOf(leg.dealSource)] += leg.quantity;
    const mid = tradeMidOf(leg, quotes);
    if (mid === null) {
      legsWithoutMid += 1;
      continue;
    }
    midWeight += leg.quantity;
    improvementSum += (leg.quantity * s * (mid - leg.price)) / mid;
    spreadSum += (leg.quantity * 2 * Math.abs(leg.price - mid)) / mid;
  }
  const vwap = filledQty > 0 ? bigintRatio(notional, filledQty) : null;
  const timeToFirstFill = firstFillTs === null ? null : firstFillTs - order.benchmarkTs;
  return {
    filledQty,
    notional,
    vwap,
    numTrades: legs.length,
    firstFillTs,
    lastFillTs,
    timeToFirstFillNs: timeToFirstFill !== null && timeToFirstFill >= 0n ? timeToFirstFill : null,
    executionDurationNs: firstFillTs === null || lastFillTs === null ? null : lastFillTs - firstFillTs,
    darkQty: hasDealSource ? venueQty.dark : null,
    litQty: hasDealSource ? venueQty.lit : null,
    auctionQty: hasDealSource ? venueQty.auction : null,
    offmarketQty: hasDealSource ? venueQty.offmarket : null,
    fillRatio: order.orderSize > 0 ? order.dayMatched / order.orderSize : null,
    qtyMismatch: filledQty !== order.dayMatched,
    arrivalCostBps:
      vwap === null || arrivalMid === null ? null : (s * (vwap - arrivalMid) * 1e4) / arrivalMid,
    priceImprovementBps: midWeight > 0 ? (improvementSum * 1e4) / midWeight : null,
    effectiveSpreadBps: midWeight > 0 ? (spreadSum * 1e4) / midWeight : null,
    legsWithoutMid,
  };
}

/** The output row of one leg. */
export function tradeResultOf(
  leg: TradeLeg,
  tradingDate: string,
  quotes: QuoteStream,
  hasDealSource: boolean,
): TradeResult {
  return {
    trading_date: tradingDate,
    security_code: leg.securityCode,
    order_id: leg.orderId,
    trade_time: leg.tradeTime,
    trade_price: leg.price,
    quantity: leg.quantity,
    side: leg.side,
    deal_source: leg.dealSource,
    participant_id: leg.participantId,
    national_bid: leg.nationalBid,
    national_offer: leg.nationalOffer,
    match_group_id: leg.matchGroupId,
    trade_mid: tradeMidOf(leg, quotes),
    venue_class: hasDealSource ? venueClassOf(leg.dealSource) : null,
  };
}
