/**
 * replayPartition against a literal, quadratic reading of SPEC §4.4 R on random small books: at
 * every timestamp, recompute each order's state from its events, decide which sweeps are
 * triggered, and scan every contra in arrival priority. The production replay answers the same
 * questions through priority indexes; any disagreement is a bug in one of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareEvents } from '../../src/analysis/order-days.js';
import { QuoteStream } from '../../src/analysis/quote-stream.js';
import { type ReplayMatch, type ReplayOrderDay, replayPartition } from '../../src/analysis/replay.js';
import type { NbboQuote, OrderEvent, Side } from '../../src/model/rows.js';

const EXITS = [1, 9, 10, 20, 23, 24, 25, 26, 27, 34, 35, 41, 42, 43, 51];

function latestAt(day: ReplayOrderDay, t: bigint): OrderEvent | null {
  let latest: OrderEvent | null = null;
  for (const e of day.events) if (e.ts <= t) latest = e;
  return latest;
}

function passesLimit(side: Side, price: number, mid: number): boolean {
  return price === 0 || (side === 1 ? price >= mid : price <= mid);
}

function referenceReplay(days: ReplayOrderDay[], quotes: QuoteStream, subjects: Set<bigint>): ReplayMatch[] {
  const priority = (a: ReplayOrderDay, b: ReplayOrderDay) =>
    compareEvents(a.events[0], b.events[0]) || (a.orderId < b.orderId ? -1 : 1);
  const sweeps = days.filter((d) => subjects.has(d.orderId)).sort(priority);
  const contras = days
    .filter((d) => (d.orderType & 6464) !== 0 && ((d.orderType & 2048) === 0 || d.midtick === 1))
    .sort(priority);
  const taken = new Map<bigint, number>();
  const filled = new Map<bigint, number>();
  const available = (c: ReplayOrderDay, t: bigint): number => {
    const e = latestAt(c, t);
    if (e === null || EXITS.includes(e.changeReason ?? -1) || e.leaves <= 0) return 0;
    return Math.max(0, e.leaves - (taken.get(c.orderId) ?? 0));
  };
  const times = [...new Set(days.flatMap((d) => d.events.map((e) => e.ts)))].sort((a, b) => (a < b ? -1 : 1));
  const matches: ReplayMatch[] = [];
  for (const t of times) {
    const mid = quotes.midAsof(t);
    // triggers are decided on the book at t before any match at t
    const offered = (side: Side) =>
      contras.some((c) => c.side === side && c.events.some((e) => e.ts === t) && available(c, t) > 0);
    const triggered: Record<Side, boolean> = { 1: offered(2), 2: offered(1) };
    for (const s of sweeps) {
      const arrivalTs = s.events[0].ts;
      if (arrivalTs > t || t > s.events[s.events.length - 1].ts) continue;
      if (arrivalTs !== t && !triggered[s.side]) continue;
      if (mid === null) continue;
      const se = latestAt(s, t) as OrderEvent;
      if (!passesLimit(s.side, se.price, mid)) continue;
      for (const c of contras) {
        if (c.side === s.side) continue;
        const need = s.orderSize - (filled.get(s.orderId) ?? 0);
        const avail = available(c, t);
        if (avail <= 0) continue;
        const ce = latestAt(c, t) as OrderEvent;
        if (!passesLimit(c.side, ce.price, mid)) continue;
        const qty = Math.min(need, avail);
        if (qty <= 0 || qty < (se.minimumQuantity ?? 0) || qty < (ce.minimumQuantity ?? 0)) continue;
        matches.push({ sweepOrderId: s.orderId, contraOrderId: c.orderId, ts: t, qty, price: mid });
        taken.set(c.orderId, (taken.get(c.orderId) ?? 0) + qty);
        filled.set(s.orderId, (filled.get(s.orderId) ?? 0) + qty);
      }
    }
  }
  return matches.sort(
    (a, b) =>
      (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0) ||
      (a.sweepOrderId < b.sweepOrderId ? -1 : a.sweepOrderId > b.sweepOrderId ? 1 : 0) ||
      (a.contraOrderId < b.contraOrderId ? -1 : a.contraOrderId > b.contraOrderId ? 1 : 0),
  );
}

/** mulberry32: a small seeded generator, so every run builds the same books */
function generator(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (((x ^ (x >>> 14)) >>> 0) % n) as number;
  };
}

function randomBook(seed: number): { days: ReplayOrderDay[]; quotes: QuoteStream; subjects: Set<bigint> } {
  const r = generator(seed);
  const pick = <T>(xs: readonly T[]): T => xs[r(xs.length)];
  let fileOrder = 0;
  const days: ReplayOrderDay[] = [];
  const subjects = new Set<bigint>();
  for (let i = 0; i < 40; i++) {
    const orderId = BigInt(1000 + i);
    const side: Side = r(2) === 0 ? 1 : 2;
    const orderType = pick([64, 64, 2, 4098, 256, 2048, 2048, 2048 | 2]);
    const midtick = pick([1, 2, null]);
    let ts = BigInt(r(60));
    let leaves = 1 + r(40);
    let matched = 0;
    let price = pick([0, 99, 100, 101, 102]);
    let maq: number | null = pick([null, 0, 0, 5, 15]);
    const events: OrderEvent[] = [];
    const push = (changeReason: number) =>
      events.push({
        orderId,
        ts,
        securityCode: 1,
        price,
        side,
        quantity: leaves + matched,
        leaves,
        matched,
        orderType,
        participantId: null,
        sequence: r(3) === 0 ? null : BigInt(r(5)),
        changeReason,
        nationalBid: null,
        nationalOffer: null,
        minimumQuantity: maq,
        midtick,
        fileOrder: fileOrder++,
      });
    push(6);
    for (let k = r(4); k > 0 && leaves > 0; k--) {
      ts += BigInt(r(15));
      const kind = r(4);
      if (kind === 0) {
        const q = 1 + r(leaves);
        leaves -= q;
        matched += q;
        push(3);
      } else if (kind === 1) {
        price = pick([0, 99, 100, 101, 102]);
        leaves = 1 + r(40);
        maq = pick([null, 0, 5]);
        push(4);
      } else {
        push(pick([1, 24, 9]));
        break;
      }
    }
    const final = events[events.length - 1];
    days.push({ orderId, events, side, orderType, midtick, orderSize: final.matched + final.leaves });
    if ((orderType & 2048) !== 0 && r(4) !== 0) subjects.add(orderId);
  }
  const quotes: NbboQuote[] = [];
  for (let i = 0; i < 6; i++) {
    const bid = 98 + r(4);
    quotes.push({ ts: BigInt(r(100)), securityCode: 1, bid, offer: bid - 1 + r(4), fileOrder: i });
  }
  return { days, quotes: QuoteStream.build([], [], quotes), subjects };
}

describe('replayPartition against a literal reading of the SPEC', () => {
  it('agrees on 300 random books', () => {
    let totalMatches = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { days, quotes, subjects } = randomBook(seed);
      const expected = referenceReplay(days, quotes, subjects);
      assert.deepEqual(replayPartition(days, quotes, subjects).matches, expected, `seed ${seed}`);
      totalMatches += expected.length;
    }
    // the books must exercise matching at all, or agreement proves nothing
    assert.ok(totalMatches > 300, `only ${totalMatches} matches over 300 books`);
  });
});
