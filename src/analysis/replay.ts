/**
 * Scenario R (SPEC §4.4): replay the partition's in-scope sweeps against the real Centre Point book
 * in time priority, matching at the mid.
 *
 * One chronological pass over the events of sweeps and contras, grouped by timestamp. At each
 * timestamp t every event at t is applied first (an order's state at t is its latest event at or
 * before t), then sweeps are served at mid_asof(t) — none when there is no valid mid:
 *  - a sweep arriving at t is served;
 *  - when a contra event at t leaves that contra live with quantity available ("makes quantity
 *    available"; this includes a real partial fill or an amend, which change the book), every
 *    sweep of the opposite side whose life [arrival_ts, final_ts] contains t is served, earliest
 *    arrival (timestamp, sequence) first.
 * Nothing else serves a sweep: not a mid change, not its own amend, not another sweep's arrival
 * (so a later sweep arriving after a mid change can take a contra an earlier sweep was not
 * re-offered). A served sweep takes from the live contras in their arrival priority until it is
 * filled or no contra admits a match.
 *
 * Decisions the SPEC leaves open:
 *  - Minimum quantity (MAQ) is a per-match floor for both sides, from each side's latest event at
 *    or before t, never capped at what remains: no match is smaller than either side's MAQ. A sweep
 *    whose remaining need drops below its own MAQ (or whose order_size is below it) takes nothing
 *    more; a contra whose available quantity is below its MAQ offers nothing.
 *  - Side, order type and midtick are the arrival event's (constant for an order).
 *  - Self-match is impossible by construction, so there is no id check: a sweep seeks the opposite
 *    side, while a dual-posted sweep (midtick 1) offers on its own side. Its seeking (filled) and
 *    its offering (taken) are separate counters.
 *
 * Cost: O((E + M) log n) for E events and M matches, plus O(log n) for each sweep served without
 * result (a sweep alive at a trigger whose limit admits the mid while contras are on offer, but
 * whose MAQ or need no contra meets) and for searches the MAQ pruning sends down a dead end (see
 * PriorityIndex).
 */
import type { OrderEvent, Side } from '../model/rows.js';
import { compareEvents, type OrderDay, SWEEP_BIT } from './order-days.js';
import type { QuoteStream } from './quote-stream.js';
import { PriorityIndex } from './replay-priority-index.js';

/** Centre Point (64), CP crossing (256), CP sweep (2048), CP block (4096). */
export const DEFAULT_CENTRE_POINT_MASK = 64 | 256 | 2048 | 4096;

const DUAL_POSTED_MIDTICK = 1;
const CHANGE_REASON_TRADED = 3;
const EXIT_CHANGE_REASONS: ReadonlySet<number> = new Set([
  1, 9, 10, 20, 23, 24, 25, 26, 27, 34, 35, 41, 42, 43, 51,
]);

/** What the replay reads of an order-day; `OrderDay` satisfies it. */
export type ReplayOrderDay = Pick<
  OrderDay,
  'orderId' | 'events' | 'side' | 'orderType' | 'midtick' | 'orderSize'
>;

export interface ReplayMatch {
  sweepOrderId: bigint;
  contraOrderId: bigint;
  ts: bigint;
  qty: number;
  /** mid_asof(ts); may be a half unit */
  price: number;
}

interface SweepState {
  day: ReplayOrderDay;
  /** slot in the sweep index of its side: its arrival priority */
  slot: number;
  /** index of its latest event at or before the current time; -1 before arrival */
  cursor: number;
  filled: number;
  finalTs: bigint;
}

interface ContraState {
  day: ReplayOrderDay;
  slot: number;
  cursor: number;
  /** quantity earlier simulated matches took from it */
  taken: number;
}

/** One side's sweeps or contras, in arrival priority, with their index. */
interface Book<T> {
  members: T[];
  index: PriorityIndex;
}

interface TimelineEntry {
  ts: bigint;
  eventIndex: number;
  sweep: SweepState | null;
  contra: ContraState | null;
}

function opposite(side: Side): Side {
  return side === 1 ? 2 : 1;
}

/**
 * Price check as `key <= bound`: a buy passes when limit >= mid, i.e. -limit <= -mid; a sell
 * when limit <= mid; a market order (price 0) always.
 */
function limitKey(side: Side, price: number): number {
  if (price === 0) return Number.NEGATIVE_INFINITY;
  return side === 1 ? -price : price;
}

function limitBound(side: Side, mid: number): number {
  return side === 1 ? -mid : mid;
}

function isExit(e: OrderEvent): boolean {
  return (
    (e.changeReason !== null && EXIT_CHANGE_REASONS.has(e.changeReason)) ||
    (e.changeReason === CHANGE_REASON_TRADED && e.leaves === 0)
  );
}

/** Quantity a contra offers now: 0 unless it is live. */
function contraAvailable(c: ContraState): number {
  if (c.cursor < 0) return 0;
  const e = c.day.events[c.cursor];
  if (isExit(e) || e.leaves <= 0) return 0;
  return Math.max(0, e.leaves - c.taken);
}

function isContra(day: ReplayOrderDay, centrePointMask: number): boolean {
  return (
    (day.orderType & centrePointMask) !== 0 &&
    ((day.orderType & SWEEP_BIT) === 0 || day.midtick === DUAL_POSTED_MIDTICK)
  );
}

function byArrivalPriority(a: ReplayOrderDay, b: ReplayOrderDay): number {
  return (
    compareEvents(a.events[0], b.events[0]) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0)
  );
}

function compareMatches(a: ReplayMatch, b: ReplayMatch): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.sweepOrderId !== b.sweepOrderId) return a.sweepOrderId < b.sweepOrderId ? -1 : 1;
  return a.contraOrderId < b.contraOrderId ? -1 : a.contraOrderId > b.contraOrderId ? 1 : 0;
}

function sweepBook(days: ReplayOrderDay[]): Book<SweepState> {
  days.sort(byArrivalPriority);
  const members = days.map((day, slot) => ({
    day,
    slot,
    cursor: -1,
    filled: 0,
    finalTs: day.events[day.events.length - 1].ts,
  }));
  return { members, index: new PriorityIndex(members.length) };
}

function contraBook(days: ReplayOrderDay[]): Book<ContraState> {
  days.sort(byArrivalPriority);
  const members = days.map((day, slot) => ({ day, slot, cursor: -1, taken: 0 }));
  return { members, index: new PriorityIndex(members.length) };
}

/** The state of one partition's replay; `run` makes the single chronological pass. */
class Replay {
  private readonly matches: ReplayMatch[] = [];

  constructor(
    private readonly sweeps: Record<Side, Book<SweepState>>,
    private readonly contras: Record<Side, Book<ContraState>>,
    private readonly quotes: QuoteStream,
  ) {}

  run(): ReplayMatch[] {
    const timeline = this.timeline();
    for (let i = 0; i < timeline.length; ) {
      const t = timeline[i].ts;
      const touched = new Set<ContraState>();
      const arrivals: Record<Side, SweepState[]> = { 1: [], 2: [] };
      for (; i < timeline.length && timeline[i].ts === t; i++) {
        const { eventIndex, sweep, contra } = timeline[i];
        if (sweep !== null) {
          sweep.cursor = eventIndex;
          if (eventIndex === 0) arrivals[sweep.day.side].push(sweep);
          this.refreshSweep(sweep);
        } else if (contra !== null) {
          contra.cursor = eventIndex;
          touched.add(contra);
        }
      }
      const offered: Record<Side, boolean> = { 1: false, 2: false };
      for (const c of touched) {
        this.refreshContra(c);
        if (contraAvailable(c) > 0) offered[c.day.side] = true;
      }
      const mid = this.quotes.midAsof(t);
      if (mid === null) continue;
      for (const side of [1, 2] as const) {
        if (offered[opposite(side)]) this.serveAll(side, t, mid);
        else for (const s of arrivals[side].sort((a, b) => a.slot - b.slot)) this.serve(s, t, mid);
      }
    }
    return this.matches.sort(compareMatches);
  }

  /** Every event of a sweep or contra, by timestamp; an order's events keep their history order (stable sort). */
  private timeline(): TimelineEntry[] {
    const timeline: TimelineEntry[] = [];
    for (const side of [1, 2] as const) {
      for (const sweep of this.sweeps[side].members)
        for (let eventIndex = 0; eventIndex < sweep.day.events.length; eventIndex++)
          timeline.push({ ts: sweep.day.events[eventIndex].ts, eventIndex, sweep, contra: null });
      for (const contra of this.contras[side].members)
        for (let eventIndex = 0; eventIndex < contra.day.events.length; eventIndex++)
          timeline.push({ ts: contra.day.events[eventIndex].ts, eventIndex, sweep: null, contra });
    }
    return timeline.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  }

  /** A contra is indexed with its price key, MAQ and availability while it offers a usable quantity. */
  private refreshContra(c: ContraState): void {
    const index = this.contras[c.day.side].index;
    const available = contraAvailable(c);
    const e = c.cursor < 0 ? null : c.day.events[c.cursor];
    const minQty = e?.minimumQuantity ?? 0;
    if (e === null || available <= 0 || available < minQty) index.clear(c.slot);
    else index.set(c.slot, limitKey(c.day.side, e.price), minQty, available);
  }

  /** A sweep is indexed with its price key from arrival while it can still take a match of its MAQ. */
  private refreshSweep(s: SweepState): void {
    const index = this.sweeps[s.day.side].index;
    const e = s.cursor < 0 ? null : s.day.events[s.cursor];
    const need = s.day.orderSize - s.filled;
    if (e === null || need < Math.max(1, e.minimumQuantity ?? 0)) index.clear(s.slot);
    else index.set(s.slot, limitKey(s.day.side, e.price), 0, 1);
  }

  /** Every sweep of `side` alive at t, in arrival priority, while some contra is on offer. */
  private serveAll(side: Side, t: bigint, mid: number): void {
    const sweeps = this.sweeps[side];
    const contraSide = opposite(side);
    const sweepBound = limitBound(side, mid);
    const contraBound = limitBound(contraSide, mid);
    let from = 0;
    while (this.contras[contraSide].index.anyWithin(contraBound)) {
      const slot = sweeps.index.findFirst(from, sweepBound, 0, 1);
      if (slot < 0) return;
      this.serve(sweeps.members[slot], t, mid);
      from = slot + 1;
    }
  }

  /** One sweep takes from the live contras in their arrival priority at time t and price mid. */
  private serve(s: SweepState, t: bigint, mid: number): void {
    if (t > s.finalTs) {
      this.sweeps[s.day.side].index.clear(s.slot);
      return;
    }
    const e = s.day.events[s.cursor];
    if (limitKey(s.day.side, e.price) > limitBound(s.day.side, mid)) return;
    const contraSide = opposite(s.day.side);
    const book = this.contras[contraSide];
    const bound = limitBound(contraSide, mid);
    const floor = Math.max(1, e.minimumQuantity ?? 0);
    let need = s.day.orderSize - s.filled;
    let from = 0;
    while (need >= floor) {
      // min(need, available) reaches both MAQs when the contra's MAQ is at most `need` (it is at
      // most its availability, else it is not indexed) and the sweep's MAQ, at most `need` by the
      // loop condition, is at most the availability.
      const slot = book.index.findFirst(from, bound, need, floor);
      if (slot < 0) break;
      const c = book.members[slot];
      const qty = Math.min(need, contraAvailable(c));
      this.matches.push({
        sweepOrderId: s.day.orderId,
        contraOrderId: c.day.orderId,
        ts: t,
        qty,
        price: mid,
      });
      c.taken += qty;
      this.refreshContra(c);
      s.filled += qty;
      need -= qty;
      from = slot + 1;
    }
    this.refreshSweep(s);
  }
}

export function replayPartition(
  orderDays: readonly ReplayOrderDay[],
  quotes: QuoteStream,
  subjectSweepIds: ReadonlySet<bigint>,
  centrePointMask: number = DEFAULT_CENTRE_POINT_MASK,
): { matches: ReplayMatch[] } {
  const sweepDays: Record<Side, ReplayOrderDay[]> = { 1: [], 2: [] };
  const contraDays: Record<Side, ReplayOrderDay[]> = { 1: [], 2: [] };
  for (const day of orderDays) {
    if (subjectSweepIds.has(day.orderId)) sweepDays[day.side].push(day);
    if (isContra(day, centrePointMask)) contraDays[day.side].push(day);
  }
  const replay = new Replay(
    { 1: sweepBook(sweepDays[1]), 2: sweepBook(sweepDays[2]) },
    { 1: contraBook(contraDays[1]), 2: contraBook(contraDays[2]) },
    quotes,
  );
  return { matches: replay.run() };
}
