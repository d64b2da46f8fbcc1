/**
 * The partition's quote stream and `mid_asof(t)` (SPEC §4): NBBO-file quotes plus the national
 * bid/offer snapshots carried on order events and trade legs, each at its own timestamp. Only
 * valid quotes enter the stream (bid > 0, offer > 0, offer >= bid; the INT64_MIN sentinel is
 * already null after decoding), so "the latest valid quote at or before t" is a binary search.
 * At equal timestamps snapshots come first, ordered by (sequence, file order), and NBBO-file
 * quotes after them, so the NBBO-file quote wins a tie.
 */
import type { NbboQuote, OrderEvent, TradeLeg } from '../model/rows.js';

export function isValidQuote(bid: number | null, offer: number | null): boolean {
  return bid !== null && offer !== null && bid > 0 && offer > 0 && offer >= bid;
}

/** Mid of a valid quote (exact: a half unit is exact in a double), else null. */
export function midOf(bid: number | null, offer: number | null): number | null {
  return isValidQuote(bid, offer) ? ((bid as number) + (offer as number)) / 2 : null;
}

interface StreamEntry {
  ts: bigint;
  /** 0 = snapshot on an order or trade row, 1 = NBBO file */
  source: 0 | 1;
  sequence: bigint;
  fileOrder: number;
  mid: number;
}

const NO_SEQUENCE = -1n;

export class QuoteStream {
  private readonly ts: bigint[];
  private readonly mids: number[];

  private constructor(entries: StreamEntry[]) {
    entries.sort(
      (a, b) =>
        (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0) ||
        a.source - b.source ||
        (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0) ||
        a.fileOrder - b.fileOrder,
    );
    this.ts = entries.map((e) => e.ts);
    this.mids = entries.map((e) => e.mid);
  }

  static build(
    orders: readonly OrderEvent[],
    trades: readonly TradeLeg[],
    quotes: readonly NbboQuote[],
  ): QuoteStream {
    const entries: StreamEntry[] = [];
    for (const o of orders) {
      const mid = midOf(o.nationalBid, o.nationalOffer);
      if (mid !== null)
        entries.push({
          ts: o.ts,
          source: 0,
          sequence: o.sequence ?? NO_SEQUENCE,
          fileOrder: o.fileOrder,
          mid,
        });
    }
    for (const t of trades) {
      const mid = midOf(t.nationalBid, t.nationalOffer);
      if (mid !== null)
        entries.push({ ts: t.tradeTime, source: 0, sequence: NO_SEQUENCE, fileOrder: t.fileOrder, mid });
    }
    for (const q of quotes) {
      const mid = midOf(q.bid, q.offer);
      if (mid !== null)
        entries.push({ ts: q.ts, source: 1, sequence: NO_SEQUENCE, fileOrder: q.fileOrder, mid });
    }
    return new QuoteStream(entries);
  }

  get size(): number {
    return this.ts.length;
  }

  /** Mid of the latest valid quote at or before t; null when there is none. */
  midAsof(t: bigint): number | null {
    let lo = 0;
    let hi = this.ts.length; // first index with ts > t
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (this.ts[m] <= t) lo = m + 1;
      else hi = m;
    }
    return lo === 0 ? null : this.mids[lo - 1];
  }
}
