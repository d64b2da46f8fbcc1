/**
 * Trading dates and local wall-clock times in an IANA time zone (SPEC §3).
 *
 * Dates are carried as `days`: whole days since 1970-01-01 of a *local calendar* date, so they
 * sort, subtract and key maps cheaply. Instants are epoch seconds (a JS number holds them exactly;
 * the nanosecond remainder never changes a date because the cutoff and trading hours fall on whole
 * minutes). UTC offsets are looked up once per 15-minute UTC bucket (every modern zone changes
 * offset on such a boundary) and cached, so the per-row cost on the ingest hot path is a division
 * and a Map hit.
 */
export const SECONDS_PER_DAY = 86_400;
/** UTC offsets are looked up per bucket of this many seconds (zones change offset on such a boundary) */
const OFFSET_BUCKET_SECONDS = 900;

export interface TradingCalendarOptions {
  timezone: string;
  /** local "HH:MM"; an event at or after it belongs to the next trading date */
  dayCutoff: string;
  /** YYYY-MM-DD dates that roll on to the next weekday, like weekends */
  holidays?: readonly string[];
}

/** "HH:MM" -> seconds after local midnight; throws on anything else. */
export function parseHhMm(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new RangeError(`expected "HH:MM", got "${text}"`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new RangeError(`not a time of day: "${text}"`);
  return h * 3600 + min * 60;
}

/** "YYYY-MM-DD" -> days since epoch; throws on an invalid date. */
export function parseDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw new RangeError(`expected "YYYY-MM-DD", got "${text}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: "${text}"`);
  }
  return ms / 86_400_000;
}

/** days since epoch -> "YYYY-MM-DD" */
export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday) */
export function dayOfWeek(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

export class TradingCalendar {
  readonly timezone: string;
  readonly cutoffSec: number;
  private readonly holidays: Set<number>;
  private readonly fmt: Intl.DateTimeFormat;
  private readonly offsetByBucket = new Map<number, number>();
  private lastBucket = Number.NaN;
  private lastOffset = 0;
  /** tradingDay's cache: every instant in [spanStart, spanEnd) has trading date spanDay */
  private spanStart = Number.NaN;
  private spanEnd = Number.NaN;
  private spanDay = 0;

  constructor(opts: TradingCalendarOptions) {
    this.timezone = opts.timezone;
    this.cutoffSec = parseHhMm(opts.dayCutoff);
    this.holidays = new Set((opts.holidays ?? []).map(parseDate));
    try {
      this.fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: opts.timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown IANA time zone "${opts.timezone}"`);
    }
  }

  /** UTC offset in seconds (local = utc + offset) in force at `epochSec`. */
  offsetAt(epochSec: number): number {
    const bucket = Math.floor(epochSec / OFFSET_BUCKET_SECONDS);
    if (bucket === this.lastBucket) return this.lastOffset;
    let off = this.offsetByBucket.get(bucket);
    if (off === undefined) {
      off = this.computeOffset(bucket * OFFSET_BUCKET_SECONDS);
      if (this.offsetByBucket.size > 100_000) this.offsetByBucket.clear();
      this.offsetByBucket.set(bucket, off);
    }
    this.lastBucket = bucket;
    this.lastOffset = off;
    return off;
  }

  private computeOffset(epochSec: number): number {
    const parts = this.fmt.formatToParts(new Date(epochSec * 1000));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const localAsUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return localAsUtc / 1000 - epochSec;
  }

  /** local wall-clock seconds since epoch (i.e. utc + offset) */
  localSeconds(epochSec: number): number {
    return epochSec + this.offsetAt(epochSec);
  }

  /** local calendar date (days) of an instant, no cutoff or weekend rule */
  localDay(epochSec: number): number {
    return Math.floor(this.localSeconds(epochSec) / SECONDS_PER_DAY);
  }

  /** seconds after local midnight of an instant */
  localSecondOfDay(epochSec: number): number {
    const local = this.localSeconds(epochSec);
    return local - Math.floor(local / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  }

  /**
   * Trading date (days) of an event at `epochSec`: local date, +1 at/after the cutoff, then
   * weekends and holidays roll on. Events come in time order, so the answer is cached with the
   * span of instants it holds for: the trading date only changes at a local cutoff, and the
   * offset is constant within its 15-minute bucket, so two comparisons settle
   * most calls.
   */
  tradingDay(epochSec: number): number {
    if (epochSec >= this.spanStart && epochSec < this.spanEnd) return this.spanDay;
    const offset = this.offsetAt(epochSec);
    // local - cutoff floored to whole days = the local date of the last cutoff at or before it
    const lastCutoffDay = Math.floor((epochSec + offset - this.cutoffSec) / SECONDS_PER_DAY);
    const day = this.rollToTradingDay(lastCutoffDay + 1);
    const bucketStart = Math.floor(epochSec / OFFSET_BUCKET_SECONDS) * OFFSET_BUCKET_SECONDS;
    const lastCutoff = lastCutoffDay * SECONDS_PER_DAY + this.cutoffSec - offset;
    this.spanStart = Math.max(bucketStart, lastCutoff);
    this.spanEnd = Math.min(bucketStart + OFFSET_BUCKET_SECONDS, lastCutoff + SECONDS_PER_DAY);
    this.spanDay = day;
    return day;
  }

  /** The first weekday on or after `days` that is not a holiday. */
  rollToTradingDay(days: number): number {
    for (;;) {
      const dow = dayOfWeek(days);
      if (dow === 6) days += 2;
      else if (dow === 0) days += 1;
      else if (this.holidays.has(days)) days += 1;
      else return days;
    }
  }

  /** Epoch seconds of the local wall-clock time `secOfDay` on local date `days`. */
  epochOfLocal(days: number, secOfDay: number): number {
    const local = days * SECONDS_PER_DAY + secOfDay;
    const first = local - this.offsetAt(local);
    return local - this.offsetAt(first);
  }
}
