/**
 * The per-line work of the scan: decode the line into the segment writer's arena, decide whether
 * the row is used, filtered out or rejected (SPEC §3 "Universe", §8), and keep the counts that
 * make rows_read = rows_used + rows_filtered + rows_rejected hold per file.
 *
 * Validation choice: a row is validated as far as it is read. An order row whose order_type field
 * (read alone by LineDecoder.peekUnsigned) has no Centre Point bits is filtered before anything
 * else is parsed; otherwise the decoder asks filtered() as soon as the filter columns are parsed;
 * a filtered row stops there (see line-decoder.ts), a kept row is validated in full before it is
 * used.
 * Blank lines are not rows (not counted); they still count as lines for line numbers.
 */
import type { InputKind } from '../config/types.js';
import type { PartitionKeyMap } from '../store/partition-key-map.js';
import { NBBO, ORDER, TRADE } from '../store/record-layout.js';
import type { SegmentWriter } from '../store/segment-writer.js';
import type { TradingCalendar } from '../time/trading-calendar.js';
import { FILTERED, type LineDecoder, REJECTED, type RowFilter } from './line-decoder.js';
import type { LineSink } from './line-splitter.js';
import type { UniverseDayCache } from './universe-day-cache.js';
import type { UniverseKeyLog } from './universe-key-log.js';

const MAX_RAW_CHARS = 4096;

/** What decides a row's fate; one per worker and phase. */
export interface RoutingRules {
  kind: InputKind;
  calendar: TradingCalendar;
  centrePointMask: number;
  /** null = every security */
  securities: Set<number> | null;
  /** inclusive trading-date bounds (days); +-Infinity when open */
  dayStart: number;
  dayEnd: number;
  /** orders: where kept (order_id, date, security) keys are logged */
  universeLog: UniverseKeyLog | null;
  /** trades: the universe they are looked up in */
  universe: UniverseDayCache | null;
  /** nbbo: the partitions that have universe orders (any value >= 0 = present) */
  partitions: PartitionKeyMap | null;
}

export interface RejectDetail {
  /** line index within the scanned range (fixed up to a line number later) */
  index: number;
  reason: string;
  raw: string;
}

export interface RowCounts {
  rowsRead: number;
  rowsUsed: number;
  rowsFiltered: number;
  rowsRejected: number;
}

export class RowRouter implements LineSink, RowFilter, RowCounts {
  rowsRead = 0;
  rowsUsed = 0;
  rowsFiltered = 0;
  rowsRejected = 0;
  readonly rejects: RejectDetail[] = [];
  private readonly fileOrderSlot: number;
  private readonly fileOrderBase: number;
  /** orders: physical field of order_type for the pre-filter; -1 for other kinds */
  private readonly orderTypeField: number;
  /** partition of the row being decoded, set by filtered() */
  private day = 0;
  private security = 0;

  constructor(
    private readonly rules: RoutingRules,
    private readonly decoder: LineDecoder,
    private readonly writer: SegmentWriter,
    fileOrderBase: number,
    private readonly maxRejectDetails: number,
  ) {
    this.fileOrderBase = fileOrderBase;
    this.fileOrderSlot =
      rules.kind === 'orders' ? ORDER.fileOrder : rules.kind === 'trades' ? TRADE.fileOrder : NBBO.fileOrder;
    this.orderTypeField = rules.kind === 'orders' ? decoder.fieldOf('order_type') : -1;
  }

  /** orders: the physical field and mask of the order_type pre-filter (null for other kinds) */
  get orderTypePrefilter(): { field: number; mask: number } | null {
    return this.orderTypeField >= 0 ? { field: this.orderTypeField, mask: this.rules.centrePointMask } : null;
  }

  /** Rows settled outside line() (block-scanner.ts's kernels, .gz blocks): read and filtered. */
  countPrefiltered(rows: number): void {
    this.rowsRead += rows;
    this.rowsFiltered += rows;
  }

  line(buf: Buffer, s: number, e: number, offset: number, index: number, view: DataView): void {
    if (s === e) return;
    this.rowsRead++;
    if (this.orderTypeField >= 0) {
      // most order events are not Centre Point: settle them from one field (-1 = undecided)
      const orderType = this.decoder.peekUnsigned(buf, view, s, e, this.orderTypeField);
      if (orderType >= 0 && (orderType & this.rules.centrePointMask) === 0) {
        this.rowsFiltered++;
        return;
      }
    }
    const base = this.writer.nextBase();
    const out = this.writer.buffer;
    const status = this.decoder.decode(buf, view, s, e, out, base, this);
    if (status === REJECTED) {
      this.reject(index, this.decoder.rejectReason(), buf, s, e);
      return;
    }
    if (status === FILTERED) {
      this.rowsFiltered++;
      return;
    }
    out[base + this.fileOrderSlot] = this.fileOrderBase + offset;
    this.writer.commit(this.day, this.security);
    if (this.rules.kind === 'orders') {
      (this.rules.universeLog as UniverseKeyLog).append(
        out[base + ORDER.idHigh],
        out[base + ORDER.idLow],
        this.day,
        this.security,
      );
    }
    this.rowsUsed++;
  }

  /** RowFilter: called by the decoder once the filter columns are parsed; sets day and security. */
  filtered(out: Float64Array, base: number): boolean {
    const rules = this.rules;
    if (rules.kind === 'orders') {
      // the mask first: most order events are not Centre Point and need no trading date
      if ((out[base + ORDER.orderType] & rules.centrePointMask) === 0) return true;
      const security = out[base + ORDER.securityCode];
      const day = rules.calendar.tradingDay(out[base + ORDER.tsHigh]);
      this.day = day;
      this.security = security;
      return (
        (rules.securities !== null && !rules.securities.has(security)) ||
        day < rules.dayStart ||
        day > rules.dayEnd
      );
    }
    if (rules.kind === 'trades') {
      const security = out[base + TRADE.securityCode];
      const tradeDate = out[base + TRADE.tradeDate];
      const day = Number.isNaN(tradeDate) ? rules.calendar.tradingDay(out[base + TRADE.tsHigh]) : tradeDate;
      this.day = day;
      this.security = security;
      return !(rules.universe as UniverseDayCache).has(
        out[base + TRADE.idHigh],
        out[base + TRADE.idLow],
        day,
        security,
      );
    }
    const security = out[base + NBBO.securityCode];
    const day = rules.calendar.tradingDay(out[base + NBBO.tsHigh]);
    this.day = day;
    this.security = security;
    return (rules.partitions as PartitionKeyMap).get(day, security) < 0;
  }

  overlong(head: Buffer, _offset: number, index: number): void {
    this.rowsRead++;
    this.reject(index, 'line too long', head, 0, head.length);
  }

  private reject(index: number, reason: string, buf: Buffer, s: number, e: number): void {
    this.rowsRejected++;
    if (this.rejects.length < this.maxRejectDetails) {
      this.rejects.push({ index, reason, raw: buf.toString('utf8', s, Math.min(e, s + MAX_RAW_CHARS)) });
    }
  }
}
