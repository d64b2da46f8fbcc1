/**
 * Fixed-width binary records of the partition store. A record is a run of float64 slots
 * (little-endian, as Float64Array writes them on every platform Node runs on). Every slot holds
 * an exact integer or NaN for null. A 64-bit decimal value v is split as
 *   high = floor(v / 1e9), low = v mod 1e9   (both exact doubles)
 * which the ingest can produce straight from the digits (no bigint on the hot path) and the
 * decoder turns back into the exact bigint high * 1e9 + low.
 *
 * Quote fields hold NaN for absent or INT64_MIN-sentinel values.
 */
import type { NbboQuote, OrderEvent, Side, TradeLeg } from '../model/rows.js';

export type RecordKind = 'orders' | 'trades' | 'nbbo';

export const ORDER = {
  idHigh: 0,
  idLow: 1,
  tsHigh: 2,
  tsLow: 3,
  securityCode: 4,
  price: 5,
  side: 6,
  quantity: 7,
  leaves: 8,
  matched: 9,
  orderType: 10,
  participantId: 11,
  seqHigh: 12,
  seqLow: 13,
  changeReason: 14,
  nationalBid: 15,
  nationalOffer: 16,
  minimumQuantity: 17,
  midtick: 18,
  fileOrder: 19,
  SLOTS: 20,
} as const;

export const TRADE = {
  idHigh: 0,
  idLow: 1,
  tsHigh: 2,
  tsLow: 3,
  securityCode: 4,
  price: 5,
  quantity: 6,
  side: 7,
  tradeDate: 8,
  dealSource: 9,
  participantId: 10,
  nationalBid: 11,
  nationalOffer: 12,
  mgHigh: 13,
  mgLow: 14,
  fileOrder: 15,
  SLOTS: 16,
} as const;

export const NBBO = {
  tsHigh: 0,
  tsLow: 1,
  securityCode: 2,
  bid: 3,
  offer: 4,
  fileOrder: 5,
  SLOTS: 6,
} as const;

export const SLOTS: Record<RecordKind, number> = {
  orders: ORDER.SLOTS,
  trades: TRADE.SLOTS,
  nbbo: NBBO.SLOTS,
};
export const RECORD_BYTES: Record<RecordKind, number> = {
  orders: ORDER.SLOTS * 8,
  trades: TRADE.SLOTS * 8,
  nbbo: NBBO.SLOTS * 8,
};

const E9 = 1_000_000_000n;

export function joinSplit(high: number, low: number): bigint {
  return BigInt(high) * E9 + BigInt(low);
}
function joinSplitOrNull(high: number, low: number): bigint | null {
  return Number.isNaN(high) ? null : joinSplit(high, low);
}
function num(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/** bigint -> [high, low] split (inverse of joinSplit); v must be >= 0 */
export function splitBigint(v: bigint): [number, number] {
  return [Number(v / E9), Number(v % E9)];
}

export function decodeOrders(buf: Float64Array): OrderEvent[] {
  const n = buf.length / ORDER.SLOTS;
  const out: OrderEvent[] = new Array(n);
  for (let i = 0, o = 0; i < n; i++, o += ORDER.SLOTS) {
    out[i] = {
      orderId: joinSplit(buf[o + ORDER.idHigh], buf[o + ORDER.idLow]),
      ts: joinSplit(buf[o + ORDER.tsHigh], buf[o + ORDER.tsLow]),
      securityCode: buf[o + ORDER.securityCode],
      price: buf[o + ORDER.price],
      side: buf[o + ORDER.side] as Side,
      quantity: buf[o + ORDER.quantity],
      leaves: buf[o + ORDER.leaves],
      matched: buf[o + ORDER.matched],
      orderType: buf[o + ORDER.orderType],
      participantId: num(buf[o + ORDER.participantId]),
      sequence: joinSplitOrNull(buf[o + ORDER.seqHigh], buf[o + ORDER.seqLow]),
      changeReason: num(buf[o + ORDER.changeReason]),
      nationalBid: num(buf[o + ORDER.nationalBid]),
      nationalOffer: num(buf[o + ORDER.nationalOffer]),
      minimumQuantity: num(buf[o + ORDER.minimumQuantity]),
      midtick: num(buf[o + ORDER.midtick]),
      fileOrder: buf[o + ORDER.fileOrder],
    };
  }
  return out;
}

export function decodeTrades(buf: Float64Array): TradeLeg[] {
  const n = buf.length / TRADE.SLOTS;
  const out: TradeLeg[] = new Array(n);
  for (let i = 0, o = 0; i < n; i++, o += TRADE.SLOTS) {
    out[i] = {
      orderId: joinSplit(buf[o + TRADE.idHigh], buf[o + TRADE.idLow]),
      tradeTime: joinSplit(buf[o + TRADE.tsHigh], buf[o + TRADE.tsLow]),
      securityCode: buf[o + TRADE.securityCode],
      price: buf[o + TRADE.price],
      quantity: buf[o + TRADE.quantity],
      side: buf[o + TRADE.side] as Side,
      tradeDate: num(buf[o + TRADE.tradeDate]),
      dealSource: num(buf[o + TRADE.dealSource]),
      participantId: num(buf[o + TRADE.participantId]),
      nationalBid: num(buf[o + TRADE.nationalBid]),
      nationalOffer: num(buf[o + TRADE.nationalOffer]),
      matchGroupId: joinSplitOrNull(buf[o + TRADE.mgHigh], buf[o + TRADE.mgLow]),
      fileOrder: buf[o + TRADE.fileOrder],
    };
  }
  return out;
}

export function decodeNbbo(buf: Float64Array): NbboQuote[] {
  const n = buf.length / NBBO.SLOTS;
  const out: NbboQuote[] = new Array(n);
  for (let i = 0, o = 0; i < n; i++, o += NBBO.SLOTS) {
    out[i] = {
      ts: joinSplit(buf[o + NBBO.tsHigh], buf[o + NBBO.tsLow]),
      securityCode: buf[o + NBBO.securityCode],
      bid: num(buf[o + NBBO.bid]),
      offer: num(buf[o + NBBO.offer]),
      fileOrder: buf[o + NBBO.fileOrder],
    };
  }
  return out;
}

/** Encoders for tests and tools (the ingest writes slots directly). */
export function encodeOrders(rows: readonly OrderEvent[]): Float64Array {
  const buf = new Float64Array(rows.length * ORDER.SLOTS);
  rows.forEach((r, i) => {
    const o = i * ORDER.SLOTS;
    [buf[o + ORDER.idHigh], buf[o + ORDER.idLow]] = splitBigint(r.orderId);
    [buf[o + ORDER.tsHigh], buf[o + ORDER.tsLow]] = splitBigint(r.ts);
    buf[o + ORDER.securityCode] = r.securityCode;
    buf[o + ORDER.price] = r.price;
    buf[o + ORDER.side] = r.side;
    buf[o + ORDER.quantity] = r.quantity;
    buf[o + ORDER.leaves] = r.leaves;
    buf[o + ORDER.matched] = r.matched;
    buf[o + ORDER.orderType] = r.orderType;
    buf[o + ORDER.participantId] = r.participantId ?? Number.NaN;
    if (r.sequence === null) buf[o + ORDER.seqHigh] = buf[o + ORDER.seqLow] = Number.NaN;
    else [buf[o + ORDER.seqHigh], buf[o + ORDER.seqLow]] = splitBigint(r.sequence);
    buf[o + ORDER.changeReason] = r.changeReason ?? Number.NaN;
    buf[o + ORDER.nationalBid] = r.nationalBid ?? Number.NaN;
    buf[o + ORDER.nationalOffer] = r.nationalOffer ?? Number.NaN;
    buf[o + ORDER.minimumQuantity] = r.minimumQuantity ?? Number.NaN;
    buf[o + ORDER.midtick] = r.midtick ?? Number.NaN;
    buf[o + ORDER.fileOrder] = r.fileOrder;
  });
  return buf;
}

export function encodeTrades(rows: readonly TradeLeg[]): Float64Array {
  const buf = new Float64Array(rows.length * TRADE.SLOTS);
  rows.forEach((r, i) => {
    const o = i * TRADE.SLOTS;
    [buf[o + TRADE.idHigh], buf[o + TRADE.idLow]] = splitBigint(r.orderId);
    [buf[o + TRADE.tsHigh], buf[o + TRADE.tsLow]] = splitBigint(r.tradeTime);
    buf[o + TRADE.securityCode] = r.securityCode;
    buf[o + TRADE.price] = r.price;
    buf[o + TRADE.quantity] = r.quantity;
    buf[o + TRADE.side] = r.side;
    buf[o + TRADE.tradeDate] = r.tradeDate ?? Number.NaN;
    buf[o + TRADE.dealSource] = r.dealSource ?? Number.NaN;
    buf[o + TRADE.participantId] = r.participantId ?? Number.NaN;
    buf[o + TRADE.nationalBid] = r.nationalBid ?? Number.NaN;
    buf[o + TRADE.nationalOffer] = r.nationalOffer ?? Number.NaN;
    if (r.matchGroupId === null) buf[o + TRADE.mgHigh] = buf[o + TRADE.mgLow] = Number.NaN;
    else [buf[o + TRADE.mgHigh], buf[o + TRADE.mgLow]] = splitBigint(r.matchGroupId);
    buf[o + TRADE.fileOrder] = r.fileOrder;
  });
  return buf;
}

export function encodeNbbo(rows: readonly NbboQuote[]): Float64Array {
  const buf = new Float64Array(rows.length * NBBO.SLOTS);
  rows.forEach((r, i) => {
    const o = i * NBBO.SLOTS;
    [buf[o + NBBO.tsHigh], buf[o + NBBO.tsLow]] = splitBigint(r.ts);
    buf[o + NBBO.securityCode] = r.securityCode;
    buf[o + NBBO.bid] = r.bid ?? Number.NaN;
    buf[o + NBBO.offer] = r.offer ?? Number.NaN;
    buf[o + NBBO.fileOrder] = r.fileOrder;
  });
  return buf;
}
