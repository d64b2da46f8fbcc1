import { formatDate, parseDate, TradingCalendar } from '../time/trading-calendar.js';
import { EventQueue, type Timed } from './event-queue.js';
import { IdCounter } from './id-counter.js';
import { MALFORMED_KINDS, malformedVariant, ORDER_COLUMNS, TRADE_COLUMNS } from './malformed-rows.js';
import { Rng } from './rng.js';
import { RowBuffer } from './row-buffer.js';

/**
 * A discrete-event simulation of several order books over consecutive trading days, emitting the
 * rows of the three dumps (orders event log, trade legs, NBBO) as CSV lines in timestamp order,
 * collected in RowBuffer chunks that the caller writes out.
 *
 * Bounded state: one event queue holds, per security, the next arrival, the next quote change, the
 * open and end-of-day events, and one pending event per live order. Order lifetimes are measured in
 * arrivals (an order's events are spaced like LIFETIME_ARRIVALS arrivals), pre-open and after-close
 * arrivals and multi-day orders are capped, so the number of live orders does not grow with
 * ordersPerDay or with the number of days.
 */
export interface SimOptions {
  securities: number;
  days: number;
  ordersPerDay: number;
  seed: number;
  startDate: string;
  timezone: string;
  centrePointShare: number;
  badRows: number;
}

export interface SimCounters {
  orders: number;
  sweeps: number;
  tradeLegs: number;
  orderRows: number;
  tradeRows: number;
  nbboRows: number;
  badOrderRows: number;
  badTradeRows: number;
}

const NS_PER_SEC = 1e9;
const HOUR = 3600 * NS_PER_SEC;
const MINUTE = 60 * NS_PER_SEC;
const PRE_OPEN = 7 * HOUR;
const OPEN = 10 * HOUR;
const CLOSE = 16 * HOUR;
const LAST_ARRIVAL = CLOSE + 10 * MINUTE;
const END_OF_DAY = CLOSE + 12 * MINUTE;
const RELOAD_START = 19 * HOUR + 30 * MINUTE;
const CONTINUOUS = CLOSE - OPEN;
const TICK = 5;
const LIFETIME_ARRIVALS = 25;
const PRE_OPEN_SHARE = 0.04;
const PRE_OPEN_CAP = 200;
const AFTER_CLOSE_SHARE = 0.01;
const AFTER_CLOSE_CAP = 50;
/** multi-day validity is common on Centre Point orders, rarer on lit ones (as in the sample) */
const MULTI_DAY_SHARE_CP = 0.3;
const MULTI_DAY_SHARE_LIT = 0.05;
/** live multi-day orders per security and book (lit, Centre Point) */
const MULTI_DAY_CAP = 8;
/** chance that a snapshot on an order or trade row is invalid (crossed or zero) */
const BAD_SNAPSHOT_SHARE = 0.02;
/** chance that a quote change is followed by an invalid NBBO row (crossed, zero, sentinel) */
const BAD_QUOTE_SHARE = 0.04;
const INT64_MIN = '-9223372036854775808';
/** lit limit orders priced at the far touch, so they trade on entry */
const MARKETABLE_LIT_SHARE = 0.35;
/** resting orders one aggressive trade can take in turn, each a match of its own */
const MAX_CONTRAS = 4;
/** chance that what the book in the dump cannot fill trades with an order outside the dump */
const OUTSIDE_CONTRA_SHARE = 0.6;

const PARTICIPANTS = [67, 51, 47, 146, 41, 61, 42, 54, 69, 75] as const;
/** exchangeordertype of Centre Point orders with their weights (SPEC §2: bit mask) */
const CP_TYPES: readonly [number, number][] = [
  [2048, 40],
  [2050, 5],
  [64, 25],
  [66, 5],
  [4096, 15],
  [4098, 5],
  [256, 5],
];
const LIT_TYPES: readonly [number, number][] = [
  [0, 80],
  [1, 10],
  [2, 10],
];
/** spread in ticks: even spreads give integer mids, odd ones half-unit mids, 0 is a locked market */
const SPREAD_TICKS: readonly [number, number][] = [
  [0, 3],
  [1, 15],
  [2, 60],
  [3, 7],
  [4, 15],
];
const DEAL_SOURCE_NAME: Record<number, string> = {
  1: 'Continuous Lit',
  20: 'Auction',
  44: 'Continuous Lit UCP',
  46: 'Centre Point Preferencing',
  47: 'Centre Point',
  48: 'Centre Point UCP',
  50: 'Centre Point Block',
  51: 'Centre Point Block UCP',
  52: 'Centre Point Block Preferencing',
};

const CR_CANCEL = 1;
const CR_TRADED = 3;
const CR_AMEND_QTY = 4;
const CR_AMEND = 5;
const CR_NEW = 6;
const CR_SYSTEM_CANCEL = 9;
const CR_PURGE = 24;
const CR_RELOAD = 30;

const ST_OPEN = 1;
const ST_DONE = 2;
const ST_PURGED = 4;

interface Validity {
  code: number;
  text: string;
}
const REST_OF_DAY: Validity = { code: 256, text: 'Rest of Day' };
const MULTI_DAY_VALIDITY: readonly Validity[] = [
  { code: 1370, text: 'Days' },
  { code: 1536, text: 'Current Max' },
];
const PURGED_VALIDITY: Validity = { code: 16640, text: 'Purged Rest of Day' };
const SYSTEM_CANCEL_VALIDITY: Validity = { code: 49408, text: 'Negative indicator Purged Rest of Day' };

interface Order {
  id: string;
  sec: Security;
  side: 1 | 2;
  /** raw limit price, 0 = market */
  price: number;
  ordertype: number;
  type: number;
  cp: boolean;
  participant: number;
  quantity: number;
  leaves: number;
  matched: number;
  minQty: number;
  singleFillMinQty: number;
  midtick: number;
  preferenceOnly: number;
  validity: Validity;
  multiDay: boolean;
  alive: boolean;
  /** index in its book list while alive */
  slot: number;
  /** `n` of its one pending event; stale queue entries are skipped */
  pendingN: number;
}

interface Security {
  code: number;
  index: number;
  bidTicks: number;
  spreadTicks: number;
  /** "bid,offer" of the current quote */
  quoteText: string;
  open: number;
  /** live orders by [cp ? 1 : 0][side - 1] */
  book: Order[][][];
  /** live multi-day orders by [cp ? 1 : 0] */
  multiDayLive: [number, number];
  phase: number;
  phaseRemaining: number;
}

enum Kind {
  Arrival,
  OrderEvent,
  Quote,
  Open,
  EndOfDay,
  Reload,
}

interface SimEvent extends Timed {
  kind: Kind;
  sec: Security;
  order: Order | null;
}

export class MarketSim {
  readonly counters: SimCounters = {
    orders: 0,
    sweeps: 0,
    tradeLegs: 0,
    orderRows: 0,
    tradeRows: 0,
    nbboRows: 0,
    badOrderRows: 0,
    badTradeRows: 0,
  };
  /** generated lines, without headers */
  readonly orders = new RowBuffer();
  readonly trades = new RowBuffer();
  readonly nbbo = new RowBuffer();

  private readonly opts: SimOptions;
  private readonly rng: Rng;
  private readonly cal: TradingCalendar;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly securities: Security[] = [];
  private readonly tradingDays: number[] = [];
  private dayIdx = -1;
  private baseSec = 0;
  private localDate = '';
  private tradingDateNs = '';
  private sequence = 3_000_000;
  private readonly orderIds = new IdCounter('7901232681961407641');
  private readonly matchGroups = new IdCounter('7904794000123498546');
  /** contra orders that are not in the orders dump (other venues' or non-universe orders) */
  private readonly externalIds = new IdCounter('7906000000000000001');
  private readonly meanGap: number;
  private readonly preOpenCount: number;
  private readonly afterCloseCount: number;
  private readonly continuousCount: number;
  private readonly badEvery: { orders: number; trades: number };
  /** a written Centre Point order row and leg, templates for malformed rows appended at the end */
  private cpOrderTemplate: string | null = null;
  private cpTradeTemplate: string | null = null;
  private readonly badPlanned: { orders: number; trades: number };

  constructor(opts: SimOptions) {
    this.opts = opts;
    this.rng = new Rng(opts.seed);
    this.cal = new TradingCalendar({ timezone: opts.timezone, dayCutoff: '19:00' });
    let day = this.cal.rollToTradingDay(parseDate(opts.startDate));
    for (let i = 0; i < opts.days; i++) {
      this.tradingDays.push(day);
      day = this.cal.rollToTradingDay(day + 1);
    }
    this.preOpenCount = Math.min(PRE_OPEN_CAP, Math.round(opts.ordersPerDay * PRE_OPEN_SHARE));
    this.afterCloseCount = Math.min(AFTER_CLOSE_CAP, Math.round(opts.ordersPerDay * AFTER_CLOSE_SHARE));
    this.continuousCount = Math.max(0, opts.ordersPerDay - this.preOpenCount - this.afterCloseCount);
    this.meanGap = (LIFETIME_ARRIVALS * CONTINUOUS) / Math.max(1, this.continuousCount);
    for (let i = 0; i < opts.securities; i++) {
      this.securities.push({
        code: 110621 + 7 * i,
        index: i,
        bidTicks: this.rng.int(600, 1000),
        spreadTicks: 2,
        quoteText: '',
        open: OPEN + ((37 * i) % 540) * NS_PER_SEC,
        book: [
          [[], []],
          [[], []],
        ],
        multiDayLive: [0, 0],
        phase: 0,
        phaseRemaining: 0,
      });
    }
    for (const sec of this.securities) sec.quoteText = `${this.bid(sec)},${this.offer(sec)}`;
    // Malformed rows go half to orders, half to trades, evenly spaced over the expected row counts
    // (about 3 order rows and 1.5 trade legs per order); any not placed by the end are appended.
    const orderCount = opts.ordersPerDay * opts.securities * opts.days;
    this.badPlanned = { orders: Math.ceil(opts.badRows / 2), trades: Math.floor(opts.badRows / 2) };
    this.badEvery = {
      orders: Math.max(1, Math.floor((orderCount * 3) / (this.badPlanned.orders + 1))),
      trades: Math.max(1, Math.floor((orderCount * 1.5) / (this.badPlanned.trades + 1))),
    };
  }

  /** true when some file has a full chunk to write */
  get hasReady(): boolean {
    return this.orders.ready.length + this.trades.ready.length + this.nbbo.ready.length > 0;
  }

  /** Largest number of queued events so far: stays flat as ordersPerDay grows. */
  get peakQueued(): number {
    return this.queue.peak;
  }

  /** Processes one event; false when the last day is done and every chunk is ready. */
  step(): boolean {
    for (;;) {
      const ev = this.queue.pop();
      if (ev) {
        this.handle(ev);
        return true;
      }
      if (!this.startNextDay()) {
        this.appendUnplacedBadRows();
        this.orders.flush();
        this.trades.flush();
        this.nbbo.flush();
        return false;
      }
    }
  }

  // ---- days ----------------------------------------------------------------------------------

  private startNextDay(): boolean {
    this.dayIdx++;
    if (this.dayIdx >= this.tradingDays.length) return false;
    const day = this.tradingDays[this.dayIdx];
    this.baseSec = this.cal.epochOfLocal(day, 0);
    this.localDate = formatDate(day);
    this.tradingDateNs = `${this.baseSec}000000000`;
    for (const sec of this.securities) {
      sec.phase = 0;
      sec.phaseRemaining = this.preOpenCount;
      this.schedule(Kind.Quote, sec, null, PRE_OPEN + this.rng.int(0, 60_000) * 1e6);
      this.scheduleNextArrival(sec, PRE_OPEN);
      this.schedule(Kind.Open, sec, null, sec.open);
      this.schedule(Kind.EndOfDay, sec, null, END_OF_DAY + sec.index * 1e6 + this.rng.int(0, 999_999));
      // orders reloaded last evening resume in today's session
      for (const list of sec.book)
        for (const side of list) for (const o of side) this.scheduleOrder(o, sec.open);
    }
    return true;
  }

  private schedule(kind: Kind, sec: Security, order: Order | null, t: number): SimEvent {
    const ev: SimEvent = { t: Math.floor(t), n: 0, kind, sec, order };
    this.queue.push(ev);
    return ev;
  }

  /** Next arrival by sequential uniform order statistics: exactly `count` arrivals per phase. */
  private scheduleNextArrival(sec: Security, from: number): void {
    const phases: [number, number, number][] = [
      [PRE_OPEN, sec.open, this.preOpenCount],
      [sec.open, CLOSE, this.continuousCount],
      [CLOSE, LAST_ARRIVAL, this.afterCloseCount],
    ];
    let t = from;
    while (sec.phaseRemaining <= 0) {
      sec.phase++;
      if (sec.phase >= phases.length) return;
      sec.phaseRemaining = phases[sec.phase][2];
      t = phases[sec.phase][0];
    }
    const end = phases[sec.phase][1];
    const next = t + (end - t) * (1 - this.rng.next() ** (1 / sec.phaseRemaining));
    sec.phaseRemaining--;
    this.schedule(Kind.Arrival, sec, null, Math.min(next, end - 1));
  }

  private scheduleOrder(o: Order, from: number): void {
    const gap = o.multiDay ? this.rng.exp(1.5 * HOUR) : this.rng.exp(this.meanGap);
    const t = Math.floor(from + 1000 + gap);
    if (t >= END_OF_DAY) return;
    o.pendingN = this.schedule(Kind.OrderEvent, o.sec, o, t).n;
  }

  private handle(ev: SimEvent): void {
    switch (ev.kind) {
      case Kind.Arrival:
        this.arrive(ev.sec, ev.t);
        this.scheduleNextArrival(ev.sec, ev.t);
        break;
      case Kind.OrderEvent: {
        const o = ev.order as Order;
        if (o.alive && o.pendingN === ev.n) this.orderEvent(o, ev.t);
        break;
      }
      case Kind.Quote:
        this.quoteChange(ev.sec, ev.t);
        break;
      case Kind.Open:
        this.openAuction(ev.sec, ev.t);
        break;
      case Kind.EndOfDay:
        this.endOfDay(ev.sec, ev.t);
        break;
      case Kind.Reload:
        this.reload(ev.order as Order, ev.t);
        break;
    }
  }

  // ---- quotes --------------------------------------------------------------------------------

  private bid(sec: Security): number {
    return sec.bidTicks * TICK;
  }

  private offer(sec: Security): number {
    return (sec.bidTicks + sec.spreadTicks) * TICK;
  }

  private quoteChange(sec: Security, t: number): void {
    const r = this.rng;
    if (r.chance(0.5)) sec.bidTicks = Math.min(1100, Math.max(500, sec.bidTicks + (r.chance(0.5) ? 1 : -1)));
    if (r.chance(0.3)) sec.spreadTicks = weighted(r, SPREAD_TICKS);
    sec.quoteText = `${this.bid(sec)},${this.offer(sec)}`;
    this.writeQuote(sec, t, String(this.bid(sec)), String(this.offer(sec)));
    if (r.chance(BAD_QUOTE_SHARE)) {
      const bid = this.bid(sec);
      const offer = this.offer(sec);
      const variants: [string, string][] = [
        [String(offer + TICK), String(bid)],
        ['0', String(offer)],
        [String(bid), '0'],
        [INT64_MIN, INT64_MIN],
        [String(bid), INT64_MIN],
      ];
      const [b, o] = r.pick(variants);
      this.writeQuote(sec, t, b, o);
    }
    const next = t + r.exp(this.meanGap / 5);
    if (next < END_OF_DAY) this.schedule(Kind.Quote, sec, null, next);
  }

  private writeQuote(sec: Security, t: number, bid: string, offer: string): void {
    this.counters.nbboRows++;
    const w = this.nbbo;
    w.begin();
    w.text('1,');
    w.int(this.sequence++);
    w.comma();
    w.text(this.tradingDateNs);
    w.comma();
    w.text(bid);
    w.comma();
    this.writeTs(w, t - 500_000);
    w.comma();
    w.text(offer);
    w.comma();
    w.int(sec.code);
    w.comma();
    this.writeTs(w, t);
    w.text(',262826,1751364092');
    w.end();
  }

  /** NBBO snapshot for an order or trade row: the true quote, sometimes an invalid one. */
  private snapshot(sec: Security): string {
    if (this.rng.chance(BAD_SNAPSHOT_SHARE))
      return this.rng.chance(0.5) ? `${this.offer(sec) + 2 * TICK},${this.bid(sec)}` : '0,0';
    return sec.quoteText;
  }

  // ---- orders --------------------------------------------------------------------------------

  private arrive(sec: Security, t: number): void {
    const r = this.rng;
    const cp = r.chance(this.opts.centrePointShare);
    const type = weighted(r, cp ? CP_TYPES : LIT_TYPES);
    const side: 1 | 2 = r.chance(0.5) ? 1 : 2;
    const block = (type & 4096) !== 0;
    const sweep = (type & 2048) !== 0;
    const quantity = Math.max(1, Math.floor(10 ** (1 + 3 * r.next()))) * (block ? 10 : 1);
    const market = r.chance(0.03);
    let price = 0;
    if (!market) {
      const s = side === 1 ? 1 : -1;
      if (cp) {
        price = Math.round((this.bid(sec) + this.offer(sec)) / 2 / TICK) * TICK + s * r.int(-2, 4) * TICK;
      } else if (r.chance(MARKETABLE_LIT_SHARE)) {
        price = side === 1 ? this.offer(sec) : this.bid(sec);
      } else {
        price = (side === 1 ? this.bid(sec) : this.offer(sec)) - s * r.pick([0, 0, 1, 2]) * TICK;
      }
    }
    const multiDay =
      sec.multiDayLive[cp ? 1 : 0] < MULTI_DAY_CAP && r.chance(cp ? MULTI_DAY_SHARE_CP : MULTI_DAY_SHARE_LIT);
    const minQty =
      cp && r.chance(block ? 0.6 : 0.1) ? Math.max(1, Math.floor(quantity * (0.1 + 0.4 * r.next()))) : 0;
    const o: Order = {
      id: this.orderIds.next(r.int(1, 400)),
      sec,
      side,
      price,
      ordertype: market ? 2 : 1,
      type,
      cp,
      participant: r.pick(PARTICIPANTS),
      quantity,
      leaves: quantity,
      matched: 0,
      minQty,
      singleFillMinQty: minQty > 0 && r.chance(0.3) ? minQty : 0,
      midtick: sweep && r.chance(0.2) ? 1 : 2,
      preferenceOnly: cp && r.chance(0.1) ? 2 : 0,
      validity: multiDay ? r.pick(MULTI_DAY_VALIDITY) : REST_OF_DAY,
      multiDay,
      alive: true,
      slot: -1,
      pendingN: -1,
    };
    this.counters.orders++;
    if (sweep) this.counters.sweeps++;
    this.addToBook(o);
    this.writeOrder(o, t, CR_NEW, ST_OPEN, o.validity);
    // in the continuous session a marketable order trades on entry, in the same instant
    if (t >= sec.open && t < CLOSE) {
      const px = this.marketablePrice(o);
      if (px !== null) this.execute(o, px, o.leaves, t);
    }
    if (o.alive) this.scheduleOrder(o, t);
  }

  private orderEvent(o: Order, t: number): void {
    const r = this.rng;
    const u = r.next();
    if (t < o.sec.open) {
      if (u < 0.25) this.amend(o, t);
      else if (u < 0.35) this.cancel(o, t, CR_CANCEL);
      if (o.alive) this.scheduleOrder(o, u < 0.35 ? t : o.sec.open);
      return;
    }
    if (t >= CLOSE) {
      if (u < 0.1) this.amend(o, t);
      else if (u < 0.4) this.cancel(o, t, CR_CANCEL);
      return;
    }
    if (u < 0.55) this.tryFill(o, t);
    else if (u < 0.7) this.amend(o, t);
    else if (u < (o.multiDay ? 0.73 : 0.85)) this.cancel(o, t, r.chance(0.05) ? CR_SYSTEM_CANCEL : CR_CANCEL);
    if (o.alive) this.scheduleOrder(o, t);
  }

  private amend(o: Order, t: number): void {
    const r = this.rng;
    if (r.chance(0.3) && o.price !== 0) {
      o.price = Math.max(TICK, o.price + (r.chance(0.5) ? TICK : -TICK) * r.int(1, 2));
      this.writeOrder(o, t, CR_AMEND, ST_OPEN, o.validity);
      return;
    }
    o.leaves = r.chance(0.6) ? r.int(1, o.leaves) : o.leaves + r.int(1, o.leaves);
    // Some amendments report the new remaining volume as the quantity, which can then be below
    // what the order has already matched (SPEC §2 keeps leaves and matched authoritative).
    o.quantity = r.chance(0.7) ? o.matched + o.leaves : o.leaves;
    this.writeOrder(o, t, r.chance(0.8) ? CR_AMEND : CR_AMEND_QTY, ST_OPEN, o.validity);
  }

  private cancel(o: Order, t: number, reason: number): void {
    this.removeFromBook(o);
    this.writeOrder(o, t, reason, ST_DONE, reason === CR_SYSTEM_CANCEL ? SYSTEM_CANCEL_VALIDITY : o.validity);
  }

  // ---- matching ------------------------------------------------------------------------------

  /**
   * The price `o` can trade at right now as the aggressor, or null: the NBBO mid for Centre Point
   * (only when it is a whole unit: a half-unit mid cannot be a trade price), the far touch for lit.
   */
  private marketablePrice(o: Order): number | null {
    const sec = o.sec;
    if (o.cp) {
      if (sec.spreadTicks % 2 !== 0) return null;
      const mid = (this.bid(sec) + this.offer(sec)) / 2;
      return limitAllows(o, mid) ? mid : null;
    }
    const touch = o.side === 1 ? this.offer(sec) : this.bid(sec);
    return limitAllows(o, touch) ? touch : null;
  }

  private tryFill(o: Order, t: number): void {
    const sec = o.sec;
    const r = this.rng;
    let px = this.marketablePrice(o);
    if (px === null) {
      if (o.cp) {
        // a Centre Point order priced away from a whole-unit mid sometimes chases it
        if (sec.spreadTicks % 2 === 0 && r.chance(0.5)) {
          const mid = (this.bid(sec) + this.offer(sec)) / 2;
          o.price = mid + (o.side === 1 ? 1 : -1) * r.int(0, 2) * TICK;
          this.writeOrder(o, t, CR_AMEND, ST_OPEN, o.validity);
        }
        return;
      }
      // a lit order resting at its own touch is hit at its price
      if (o.price !== (o.side === 1 ? this.bid(sec) : this.offer(sec))) return;
      px = o.price;
    }
    let want = r.chance(0.5) ? o.leaves : r.int(1, o.leaves);
    if (o.minQty > 0) want = Math.max(want, Math.min(o.minQty, o.leaves));
    this.execute(o, px, want, t);
  }

  /**
   * Trades up to `want` of `o` at `px`: a match against each of up to MAX_CONTRAS resting orders in
   * turn (each taken whole except the last, so partial fills pile up on `o`), then perhaps the rest
   * against an order outside the dump.
   */
  private execute(o: Order, px: number, want: number, t: number): void {
    let left = want;
    for (let n = 0; n < MAX_CONTRAS && left > 0; n++) {
      const contra = this.findContra(o, px, left);
      if (!contra) break;
      const q = Math.min(left, contra.leaves);
      this.match(o, contra, q, px, t, this.dealSource(o, contra));
      left -= q;
    }
    const maqAllows = left >= o.minQty || o.minQty > o.leaves;
    if (left > 0 && maqAllows && this.rng.chance(OUTSIDE_CONTRA_SHARE))
      this.match(o, null, left, px, t, this.dealSource(o, null));
  }

  private findContra(o: Order, px: number, want: number): Order | null {
    const list = o.sec.book[o.cp ? 1 : 0][o.side === 1 ? 1 : 0];
    for (let tries = 0; tries < 4 && list.length > 0; tries++) {
      const c = list[Math.floor(this.rng.next() * list.length)];
      const q = Math.min(want, c.leaves);
      if (!limitAllows(c, px)) continue;
      if (q < o.minQty && o.minQty <= o.leaves) continue;
      if (q < c.minQty && c.minQty <= c.leaves) continue;
      return c;
    }
    return null;
  }

  private dealSource(o: Order, c: Order | null): number {
    if (!o.cp) return this.rng.chance(0.9) ? 1 : 44;
    if ((o.type & 4096) !== 0 || (c !== null && (c.type & 4096) !== 0))
      return this.rng.pick([50, 50, 51, 52]);
    if (o.preferenceOnly !== 0) return 46;
    return this.rng.chance(0.9) ? 47 : 48;
  }

  /** One execution: a fill event per in-book order and two trade legs under one match group. */
  private match(
    aggressor: Order,
    passive: Order | null,
    q: number,
    px: number,
    t: number,
    dealSource: number,
  ): void {
    const group = this.matchGroups.next();
    const snap = this.snapshot(aggressor.sec);
    this.fill(aggressor, q, t);
    if (passive) this.fill(passive, q, t);
    const passiveSide = aggressor.side === 1 ? 2 : 1;
    const passiveId = passive ? passive.id : this.externalIds.next();
    const passiveParticipant = passive ? passive.participant : this.rng.pick(PARTICIPANTS);
    const legs: [string, number, number, number, boolean][] = [
      [aggressor.id, aggressor.side, aggressor.participant, 1, aggressor.cp],
      [passiveId, passiveSide, passiveParticipant, 0, passive?.cp ?? false],
    ];
    if (aggressor.side === 2) legs.reverse();
    for (const [id, side, participant, aggressive, cp] of legs) {
      this.writeTrade(
        aggressor.sec,
        t,
        id,
        dealSource,
        group,
        snap,
        px,
        q,
        side,
        participant,
        aggressive,
        cp,
      );
    }
  }

  private fill(o: Order, q: number, t: number): void {
    o.leaves -= q;
    o.matched += q;
    if (o.leaves === 0) this.removeFromBook(o);
    this.writeOrder(o, t, CR_TRADED, o.leaves === 0 ? ST_DONE : ST_OPEN, o.validity);
  }

  private openAuction(sec: Security, t: number): void {
    const px = (sec.bidTicks + Math.floor(sec.spreadTicks / 2)) * TICK;
    const buys = [...sec.book[0][0], ...sec.book[1][0]].filter((o) => limitAllows(o, px));
    const sells = [...sec.book[0][1], ...sec.book[1][1]].filter((o) => limitAllows(o, px));
    let b = 0;
    let s = 0;
    for (let n = 0; n < 30 && b < buys.length && s < sells.length; n++) {
      const buy = buys[b];
      const sell = sells[s];
      const q = Math.min(buy.leaves, sell.leaves);
      this.match(buy, sell, q, px, t, 20);
      if (buy.leaves === 0) b++;
      if (sell.leaves === 0) s++;
    }
  }

  // ---- end of day and reloads ----------------------------------------------------------------

  private endOfDay(sec: Security, t: number): void {
    const lastDay = this.dayIdx === this.tradingDays.length - 1;
    const live: Order[] = [];
    for (const list of sec.book) for (const side of list) live.push(...side);
    for (const o of live) {
      this.removeFromBook(o);
      if (o.multiDay) {
        this.writeOrder(o, t, CR_PURGE, ST_PURGED, PURGED_VALIDITY);
        if (!lastDay) this.schedule(Kind.Reload, sec, o, RELOAD_START + this.rng.next() * HOUR);
      } else {
        this.writeOrder(o, t, CR_SYSTEM_CANCEL, ST_DONE, SYSTEM_CANCEL_VALIDITY);
      }
    }
  }

  /** Evening reload: after the 19:00 cutoff, so it opens the order's next trading date, carrying its matched quantity. */
  private reload(o: Order, t: number): void {
    this.addToBook(o);
    this.writeOrder(o, t, CR_RELOAD, ST_OPEN, o.validity);
  }

  private addToBook(o: Order): void {
    const list = o.sec.book[o.cp ? 1 : 0][o.side - 1];
    o.slot = list.length;
    list.push(o);
    o.alive = true;
    if (o.multiDay) o.sec.multiDayLive[o.cp ? 1 : 0]++;
  }

  private removeFromBook(o: Order): void {
    const list = o.sec.book[o.cp ? 1 : 0][o.side - 1];
    const last = list.pop() as Order;
    if (last !== o) {
      list[o.slot] = last;
      last.slot = o.slot;
    }
    o.alive = false;
    o.slot = -1;
    if (o.multiDay) o.sec.multiDayLive[o.cp ? 1 : 0]--;
  }

  // ---- rows ----------------------------------------------------------------------------------

  /** ns since local midnight -> epoch ns UTC in decimal (a trading day never spans a DST change) */
  private writeTs(w: RowBuffer, t: number): void {
    const s = Math.floor(t / NS_PER_SEC);
    w.int(this.baseSec + s);
    w.nine(t - s * NS_PER_SEC);
  }

  private writeOrder(o: Order, t: number, reason: number, status: number, validity: Validity): void {
    const snap = this.snapshot(o.sec);
    const w = this.orders;
    w.begin();
    w.text(o.id);
    w.text(',3,');
    this.writeTs(w, t);
    w.comma();
    w.int(o.sec.code);
    w.comma();
    w.int(o.price);
    w.comma();
    w.int(o.side);
    w.comma();
    w.int(reason);
    w.comma();
    w.int(status);
    w.comma();
    w.int(o.quantity);
    w.comma();
    w.int(o.leaves);
    w.comma();
    w.int(o.ordertype);
    w.comma();
    w.int(o.type);
    w.comma();
    w.text(snap);
    w.comma();
    w.text(snap);
    w.comma();
    w.int(o.participant);
    w.comma();
    w.int(o.preferenceOnly);
    w.comma();
    w.int(o.midtick);
    w.comma();
    w.int(o.singleFillMinQty);
    w.comma();
    w.int(o.minQty);
    w.comma();
    w.int(this.sequence++);
    w.text(',0,');
    w.int(o.matched);
    w.comma();
    w.int((o.type & 2) !== 0 ? o.leaves : 0);
    w.text(',0,');
    w.text(validity.text);
    w.comma();
    w.int(++this.counters.orderRows);
    w.comma();
    w.int(validity.code);
    w.comma();
    w.text(this.localDate);
    w.end();
    // malformed variants follow Centre Point rows only: the ingest filters other rows on their
    // order_type alone, so a variant of one would be counted as filtered, never seen in rejects/
    if (!o.cp) return;
    if (this.cpOrderTemplate === null) this.cpOrderTemplate = w.lastLine();
    if (
      this.counters.badOrderRows < this.badPlanned.orders &&
      this.counters.orderRows >= (this.counters.badOrderRows + 1) * this.badEvery.orders
    ) {
      const kind = MALFORMED_KINDS[this.counters.badOrderRows % MALFORMED_KINDS.length];
      w.line(malformedVariant(w.lastLine(), kind, ORDER_COLUMNS));
      this.counters.badOrderRows++;
    }
  }

  private writeTrade(
    sec: Security,
    t: number,
    orderId: string,
    dealSource: number,
    group: string,
    snap: string,
    px: number,
    q: number,
    side: number,
    participant: number,
    aggressive: number,
    cp: boolean,
  ): void {
    this.counters.tradeLegs++;
    const w = this.trades;
    w.begin();
    w.text('3,');
    w.int(this.sequence++);
    w.comma();
    w.text(this.localDate);
    w.comma();
    this.writeTs(w, t);
    w.comma();
    w.int(sec.code);
    w.comma();
    w.text(orderId);
    w.comma();
    w.int(dealSource);
    w.comma();
    w.text(DEAL_SOURCE_NAME[dealSource]);
    w.text(',ON Market,');
    w.text(group);
    w.comma();
    w.text(snap);
    w.comma();
    w.int(px);
    w.comma();
    w.int(q);
    w.comma();
    w.int(side);
    w.text(side === 1 ? ',Buy,' : ',Sell,');
    w.int(participant);
    w.comma();
    w.int(aggressive);
    w.comma();
    w.int(++this.counters.tradeRows);
    w.end();
    // like orders: only legs of Centre Point orders reach the full parse (other legs are filtered)
    if (!cp) return;
    if (this.cpTradeTemplate === null) this.cpTradeTemplate = w.lastLine();
    if (
      this.counters.badTradeRows < this.badPlanned.trades &&
      this.counters.tradeRows >= (this.counters.badTradeRows + 1) * this.badEvery.trades
    ) {
      const kind = MALFORMED_KINDS[(this.counters.badTradeRows + 2) % MALFORMED_KINDS.length];
      w.line(malformedVariant(w.lastLine(), kind, TRADE_COLUMNS));
      this.counters.badTradeRows++;
    }
  }

  /** Small runs may end before every planned malformed row found its slot: put the rest at the end. */
  private appendUnplacedBadRows(): void {
    // an empty run still gets its malformed rows, built on a row of ones of the right width
    // (exchangeordertype 2048, so the ingest parses it in full and rejects it)
    const orderTemplate =
      this.cpOrderTemplate ?? Array.from({ length: 30 }, (_, i) => (i === 11 ? '2048' : '1')).join(',');
    const tradeTemplate = this.cpTradeTemplate ?? new Array(19).fill('1').join(',');
    while (this.counters.badOrderRows < this.badPlanned.orders) {
      const kind = MALFORMED_KINDS[this.counters.badOrderRows % MALFORMED_KINDS.length];
      this.orders.line(malformedVariant(orderTemplate, kind, ORDER_COLUMNS));
      this.counters.badOrderRows++;
    }
    while (this.counters.badTradeRows < this.badPlanned.trades) {
      const kind = MALFORMED_KINDS[(this.counters.badTradeRows + 2) % MALFORMED_KINDS.length];
      this.trades.line(malformedVariant(tradeTemplate, kind, TRADE_COLUMNS));
      this.counters.badTradeRows++;
    }
  }
}

/** A buy accepts prices at or below its limit, a sell at or above; 0 is a market order. */
function limitAllows(o: Order, px: number): boolean {
  if (o.price === 0) return true;
  return o.side === 1 ? o.price >= px : o.price <= px;
}

function weighted(r: Rng, table: readonly [number, number][]): number {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = r.next() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return table[table.length - 1][0];
}
