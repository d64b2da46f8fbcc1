import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuoteStream } from '../../src/analysis/quote-stream.js';
import { type ReplayMatch, type ReplayOrderDay, replayPartition } from '../../src/analysis/replay.js';
import type { NbboQuote, OrderEvent, Side } from '../../src/model/rows.js';

const CENTRE_POINT = 64;
const SWEEP = 2048;
const NEW = 6;
const CANCEL = 1;
const TRADED = 3;

interface EventSpec {
  ts: bigint;
  side: Side;
  leaves: number;
  price?: number;
  matched?: number;
  type?: number;
  reason?: number;
  maq?: number;
  midtick?: number;
  sequence?: bigint;
}

let fileOrder = 0;
function event(orderId: bigint, s: EventSpec): OrderEvent {
  const matched = s.matched ?? 0;
  return {
    orderId,
    ts: s.ts,
    securityCode: 1,
    price: s.price ?? 0,
    side: s.side,
    quantity: s.leaves + matched,
    leaves: s.leaves,
    matched,
    orderType: s.type ?? CENTRE_POINT,
    participantId: null,
    sequence: s.sequence ?? null,
    changeReason: s.reason ?? NEW,
    nationalBid: null,
    nationalOffer: null,
    minimumQuantity: s.maq ?? null,
    midtick: s.midtick ?? null,
    fileOrder: fileOrder++,
  };
}

/** An order-day from its events in history order; order_size = final.matched + final.leaves (no reload). */
function order(orderId: bigint, ...specs: EventSpec[]): ReplayOrderDay {
  const events = specs.map((s) => event(orderId, s));
  const arrival = events[0];
  const final = events[events.length - 1];
  return {
    orderId,
    events,
    side: arrival.side,
    orderType: arrival.orderType,
    midtick: arrival.midtick,
    orderSize: final.matched + final.leaves,
  };
}

function quotes(...q: [ts: bigint, bid: number, offer: number][]): QuoteStream {
  const rows: NbboQuote[] = q.map(([ts, bid, offer], i) => ({
    ts,
    securityCode: 1,
    bid,
    offer,
    fileOrder: i,
  }));
  return QuoteStream.build([], [], rows);
}

/** mid 100 from the start of time */
const MID_100 = (): QuoteStream => quotes([0n, 99, 101]);

function match(ts: bigint, sweep: bigint, contra: bigint, qty: number, price: number): ReplayMatch {
  return { sweepOrderId: sweep, contraOrderId: contra, ts, qty, price };
}

function replay(days: ReplayOrderDay[], q: QuoteStream, sweeps: bigint[]): ReplayMatch[] {
  return replayPartition(days, q, new Set(sweeps)).matches;
}

describe('replayPartition', () => {
  it('takes contras in arrival priority (timestamp, then sequence), not by id', () => {
    const days = [
      order(11n, { ts: 10n, sequence: 1n, side: 2, leaves: 30 }),
      order(12n, { ts: 5n, sequence: 9n, side: 2, leaves: 50 }),
      order(13n, { ts: 10n, sequence: 2n, side: 2, leaves: 40 }),
      order(1n, { ts: 20n, side: 1, leaves: 100, type: SWEEP }),
    ];
    // priority 12 (ts 5), 11 (ts 10 seq 1), 13 (ts 10 seq 2): 50 + 30 = 80, then 100 - 80 = 20 of 13
    assert.deepEqual(replay(days, MID_100(), [1n]), [
      match(20n, 1n, 11n, 30, 100),
      match(20n, 1n, 12n, 50, 100),
      match(20n, 1n, 13n, 20, 100),
    ]);
  });

  it('serves an earlier sweep before a later one when a contra arrives', () => {
    const days = [
      order(
        1n,
        { ts: 20n, side: 1, leaves: 50, type: SWEEP },
        { ts: 100n, side: 1, leaves: 50, type: SWEEP, reason: CANCEL },
      ),
      order(
        2n,
        { ts: 10n, side: 1, leaves: 50, type: SWEEP },
        { ts: 100n, side: 1, leaves: 50, type: SWEEP, reason: CANCEL },
      ),
      order(9n, { ts: 30n, side: 2, leaves: 60 }),
    ];
    // nothing on offer at 10 and 20; at 30 sweep 2 (arrived 10) takes 50, sweep 1 the other 60 - 50 = 10
    assert.deepEqual(replay(days, MID_100(), [1n, 2n]), [
      match(30n, 1n, 9n, 10, 100),
      match(30n, 2n, 9n, 50, 100),
    ]);
  });

  it('checks a buy sweep limit >= mid and a sell contra limit <= mid; price 0 is a market order', () => {
    const q = quotes([0n, 100, 101]); // mid (100 + 101) / 2 = 100.5
    const days = [
      order(31n, { ts: 1n, side: 2, leaves: 10, price: 101 }), // 101 <= 100.5 fails
      order(32n, { ts: 2n, side: 2, leaves: 10, price: 100 }), // 100 <= 100.5 passes
      order(33n, { ts: 3n, side: 2, leaves: 10, price: 0 }), // market passes
      order(1n, { ts: 10n, side: 1, leaves: 5, price: 100, type: SWEEP }), // 100 >= 100.5 fails
      order(2n, { ts: 20n, side: 1, leaves: 15, price: 0, type: SWEEP }), // market passes
    ];
    // sweep 1 takes nothing; sweep 2 skips 31, takes 10 of 32 and the other 15 - 10 = 5 of 33
    assert.deepEqual(replay(days, q, [1n, 2n]), [
      match(20n, 2n, 32n, 10, 100.5),
      match(20n, 2n, 33n, 5, 100.5),
    ]);
  });

  it('checks a sell sweep limit <= mid and a buy contra limit >= mid; price 0 is a market order', () => {
    const q = quotes([0n, 100, 101]); // mid 100.5
    const days = [
      order(31n, { ts: 1n, side: 1, leaves: 10, price: 100 }), // 100 >= 100.5 fails
      order(32n, { ts: 2n, side: 1, leaves: 10, price: 101 }), // 101 >= 100.5 passes
      order(33n, { ts: 3n, side: 1, leaves: 10, price: 0 }), // market passes
      order(1n, { ts: 10n, side: 2, leaves: 5, price: 101, type: SWEEP }), // 101 <= 100.5 fails
      order(2n, { ts: 20n, side: 2, leaves: 15, price: 100, type: SWEEP }), // 100 <= 100.5 passes
    ];
    assert.deepEqual(replay(days, q, [1n, 2n]), [
      match(20n, 2n, 32n, 10, 100.5),
      match(20n, 2n, 33n, 5, 100.5),
    ]);
  });

  it("honours a contra's minimum quantity", () => {
    const days = [
      order(20n, { ts: 0n, side: 2, leaves: 20, maq: 30 }),
      order(21n, { ts: 1n, side: 2, leaves: 50, maq: 40 }),
      order(22n, { ts: 2n, side: 2, leaves: 20 }),
      order(23n, { ts: 3n, side: 2, leaves: 50, maq: 10 }),
      order(1n, { ts: 10n, side: 1, leaves: 30, type: SWEEP }),
    ];
    // 20: min(30, 20) = 20 < MAQ 30, skipped; 21: min(30, 50) = 30 < MAQ 40, skipped;
    // 22: 20; 23: min(30 - 20, 50) = 10 >= MAQ 10, taken
    assert.deepEqual(replay(days, MID_100(), [1n]), [
      match(10n, 1n, 22n, 20, 100),
      match(10n, 1n, 23n, 10, 100),
    ]);
  });

  it("honours the sweep's minimum quantity on every match, also when less than it remains", () => {
    const days = [
      order(21n, { ts: 1n, side: 2, leaves: 20 }),
      order(22n, { ts: 2n, side: 2, leaves: 60 }),
      order(23n, { ts: 3n, side: 2, leaves: 30 }),
      order(24n, { ts: 4n, side: 2, leaves: 50 }),
      order(1n, { ts: 10n, side: 1, leaves: 100, maq: 25, type: SWEEP }),
    ];
    // 21: 20 < 25 skipped; 22: 60 (need 40 left); 23: 30 (need 10 left); 24 would give
    // min(10, 50) = 10 < 25: not made, so the sweep ends with 90 of 100
    assert.deepEqual(replay(days, MID_100(), [1n]), [
      match(10n, 1n, 22n, 60, 100),
      match(10n, 1n, 23n, 30, 100),
    ]);
  });

  it('lets a dual-posted sweep serve another sweep, never itself, and keeps its seeking separate', () => {
    const days = [
      // buy sweep, dual-posted (midtick 1): seeks 40 and offers 40
      order(
        5n,
        { ts: 10n, side: 1, leaves: 40, type: SWEEP, midtick: 1 },
        { ts: 50n, side: 1, leaves: 40, type: SWEEP, midtick: 1, reason: CANCEL },
      ),
      // sell sweep, not dual-posted: not a contra for sweep 5
      order(6n, { ts: 20n, side: 2, leaves: 30, type: SWEEP, midtick: 2 }),
      order(7n, { ts: 30n, side: 2, leaves: 40 }),
    ];
    // 10: sweep 5 finds no sell contra (itself is a buy) -> nothing
    // 20: sweep 6 takes 30 of 5's offer
    // 30: contra 7 arrives inside 5's life; 5 still seeks its whole 40 (its offering is separate)
    assert.deepEqual(replay(days, MID_100(), [5n, 6n]), [
      match(20n, 6n, 5n, 30, 100),
      match(30n, 5n, 7n, 40, 100),
    ]);
  });

  it('never uses the same contra quantity twice', () => {
    const days = [
      order(9n, { ts: 5n, side: 2, leaves: 50 }),
      order(1n, { ts: 10n, side: 1, leaves: 40, type: SWEEP }),
      order(2n, { ts: 20n, side: 1, leaves: 40, type: SWEEP }),
    ];
    // sweep 1 takes 40 of 50; sweep 2 gets the remaining 50 - 40 = 10
    assert.deepEqual(replay(days, MID_100(), [1n, 2n]), [
      match(10n, 1n, 9n, 40, 100),
      match(20n, 2n, 9n, 10, 100),
    ]);
  });

  it("reduces a contra's availability by its real fills", () => {
    const days = [
      order(
        9n,
        { ts: 5n, side: 2, leaves: 100 },
        { ts: 20n, side: 2, leaves: 50, matched: 50, reason: TRADED },
      ),
      order(1n, { ts: 10n, side: 1, leaves: 30, type: SWEEP }),
      order(2n, { ts: 30n, side: 1, leaves: 100, type: SWEEP }),
    ];
    // 10: sweep 1 takes 30 of 100; at 20 a real trade leaves 50, so 50 - 30 = 20 are available to sweep 2
    assert.deepEqual(replay(days, MID_100(), [1n, 2n]), [
      match(10n, 1n, 9n, 30, 100),
      match(30n, 2n, 9n, 20, 100),
    ]);
  });

  it('drops a contra that cancelled, although its cancel event keeps the open quantity', () => {
    const days = [
      order(21n, { ts: 5n, side: 2, leaves: 50 }, { ts: 15n, side: 2, leaves: 50, reason: CANCEL }),
      order(22n, { ts: 6n, side: 2, leaves: 10 }),
      order(23n, { ts: 7n, side: 2, leaves: 0, matched: 10, reason: TRADED }), // fully traded: not live
      order(1n, { ts: 20n, side: 1, leaves: 40, type: SWEEP }),
    ];
    assert.deepEqual(replay(days, MID_100(), [1n]), [match(20n, 1n, 22n, 10, 100)]);
  });

  it("matches contras arriving inside the sweep's life [arrival, final], not after it", () => {
    const days = [
      order(
        1n,
        { ts: 10n, side: 1, leaves: 100, type: SWEEP },
        { ts: 50n, side: 1, leaves: 100, type: SWEEP, reason: CANCEL },
      ),
      order(21n, { ts: 30n, side: 2, leaves: 40 }),
      order(22n, { ts: 50n, side: 2, leaves: 5 }), // at final_ts: still inside the closed life
      order(23n, { ts: 60n, side: 2, leaves: 40 }), // after final_ts
    ];
    assert.deepEqual(replay(days, MID_100(), [1n]), [
      match(30n, 1n, 21n, 40, 100),
      match(50n, 1n, 22n, 5, 100),
    ]);
  });

  it('keeps a long-lived sweep seeking across several contras that come and go', () => {
    const days = [
      order(
        1n,
        { ts: 10n, side: 1, leaves: 100, type: SWEEP },
        { ts: 100n, side: 1, leaves: 100, type: SWEEP, reason: CANCEL },
      ),
      order(21n, { ts: 20n, side: 2, leaves: 10 }, { ts: 25n, side: 2, leaves: 10, reason: CANCEL }),
      order(22n, { ts: 40n, side: 2, leaves: 20 }, { ts: 45n, side: 2, leaves: 20, reason: CANCEL }),
      order(23n, { ts: 60n, side: 2, leaves: 30 }, { ts: 65n, side: 2, leaves: 30, reason: CANCEL }),
    ];
    // 10 + 20 + 30 = 60 of 100, each at its contra's arrival
    assert.deepEqual(replay(days, MID_100(), [1n]), [
      match(20n, 1n, 21n, 10, 100),
      match(40n, 1n, 22n, 20, 100),
      match(60n, 1n, 23n, 30, 100),
    ]);
  });

  it('makes no match without a valid mid, and matches at a later contra event once there is one', () => {
    // crossed quote at 0 (bid 102 > offer 101) is invalid; mid (100 + 102) / 2 = 101 from 25
    const q = quotes([0n, 102, 101], [25n, 100, 102]);
    const days = [
      order(21n, { ts: 5n, side: 2, leaves: 50 }),
      order(
        1n,
        { ts: 10n, side: 1, leaves: 80, type: SWEEP },
        { ts: 100n, side: 1, leaves: 80, type: SWEEP, reason: CANCEL },
      ),
      order(22n, { ts: 30n, side: 2, leaves: 10 }),
    ];
    // 10: no mid, no match; 25: a mid change triggers nothing; 30: contra 22 arrives and the scan
    // takes 50 of 21 (earlier) then 10 of 22
    assert.deepEqual(replay(days, q, [1n]), [match(30n, 1n, 21n, 50, 101), match(30n, 1n, 22n, 10, 101)]);
  });

  it('prices at a half-unit mid exactly', () => {
    const q = quotes([0n, 3330, 3345]); // (3330 + 3345) / 2 = 3337.5
    const days = [
      order(21n, { ts: 1n, side: 2, leaves: 10, price: 3338 }), // 3338 <= 3337.5 fails
      order(22n, { ts: 2n, side: 2, leaves: 10, price: 3337 }), // 3337 <= 3337.5 passes
      order(1n, { ts: 10n, side: 1, leaves: 10, price: 3338, type: SWEEP }), // 3338 >= 3337.5 passes
    ];
    assert.deepEqual(replay(days, q, [1n]), [match(10n, 1n, 22n, 10, 3337.5)]);
  });

  it('is not triggered by a mid change alone, only by the next contra event', () => {
    const q = quotes([0n, 99, 101], [20n, 101, 103]); // mid 100, then 102 from 20
    const days = [
      order(21n, { ts: 5n, side: 2, leaves: 10, price: 101 }), // 101 <= 100 fails, 101 <= 102 passes
      order(
        1n,
        { ts: 10n, side: 1, leaves: 10, type: SWEEP },
        { ts: 100n, side: 1, leaves: 10, type: SWEEP, reason: CANCEL },
      ),
      order(22n, { ts: 40n, side: 2, leaves: 10, price: 105 }), // never passes; its arrival triggers the scan
    ];
    // 10: mid 100, 21 fails; 20: mid 102 but no trigger; 40: scan at mid 102 takes 21
    assert.deepEqual(replay(days, q, [1n]), [match(40n, 1n, 21n, 10, 102)]);
  });

  it("does not serve an earlier sweep again at a later sweep's arrival", () => {
    const q = quotes([0n, 99, 101], [20n, 101, 103]); // mid 100, then 102 from 20
    const days = [
      order(21n, { ts: 5n, side: 2, leaves: 10, price: 101 }), // 101 <= 100 fails, 101 <= 102 passes
      order(
        1n,
        { ts: 10n, side: 1, leaves: 10, type: SWEEP },
        { ts: 100n, side: 1, leaves: 10, type: SWEEP, reason: CANCEL },
      ),
      order(2n, { ts: 30n, side: 1, leaves: 10, type: SWEEP }),
    ];
    // 10: sweep 1 finds 21 above the mid; 30: only sweep 2 arrives, no contra event, so sweep 2
    // is served alone and takes 21 at mid 102 although sweep 1 arrived earlier
    assert.deepEqual(replay(days, q, [1n, 2n]), [match(30n, 2n, 21n, 10, 102)]);
  });

  it('takes as contras only opposite-side Centre Point non-sweeps and dual-posted sweeps; only subject sweeps seek', () => {
    const days = [
      order(21n, { ts: 1n, side: 2, leaves: 10, type: 2 }), // short sell, no Centre Point bit
      order(22n, { ts: 2n, side: 2, leaves: 10, type: SWEEP | 2, midtick: 2 }), // sweep, not dual-posted
      order(23n, { ts: 3n, side: 1, leaves: 10 }), // same side as the sweep
      order(24n, { ts: 4n, side: 2, leaves: 10, type: 4096 | 2 }), // 4098: block + short, a contra
      order(25n, { ts: 5n, side: 2, leaves: 10, type: 256 }), // crossing, a contra
      order(26n, { ts: 6n, side: 1, leaves: 10, type: SWEEP }), // a sweep outside the subjects: never seeks
      order(1n, { ts: 10n, side: 1, leaves: 100, type: SWEEP }),
    ];
    assert.deepEqual(replay(days, MID_100(), [1n]), [
      match(10n, 1n, 24n, 10, 100),
      match(10n, 1n, 25n, 10, 100),
    ]);
  });

  it('takes the Centre Point mask as a parameter', () => {
    const days = [
      order(24n, { ts: 4n, side: 2, leaves: 10, type: 4096 }),
      order(25n, { ts: 5n, side: 2, leaves: 10, type: 64 }),
      order(1n, { ts: 10n, side: 1, leaves: 100, type: SWEEP }),
    ];
    // mask 64: the block order 24 (4096) is outside the Centre Point book
    assert.deepEqual(replayPartition(days, MID_100(), new Set([1n]), 64).matches, [
      match(10n, 1n, 25n, 10, 100),
    ]);
  });
});
