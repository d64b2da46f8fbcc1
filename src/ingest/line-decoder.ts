/**
 * Decodes one CSV line (bytes, line terminator already removed) into a fixed-width record of
 * float64 slots, following a ColumnPlan. Field boundaries are found byte by byte, honouring quoted
 * fields ("a, b" with "" escapes); only the planned fields are parsed. A row is malformed (SPEC §8)
 * when its field count differs from the header's, a quote is unbalanced or stray, a CR is inside
 * the record, a required field is empty, or a parsed field is not a valid value of its type.
 *
 * Early filter decision: once the fields the keep-or-filter decision needs are parsed
 * (plan.filterField), the RowFilter is asked; a filtered row is not read any further. So a filtered
 * row is validated only up to its last filter column: a malformed later field, or a wrong field
 * count, does not make it a reject (the task allows this; it skips most of the bytes of the rows
 * most inputs are made of). A kept row is validated in full.
 *
 * Pre-filter (orders): before decode(), the router reads the order_type field alone with
 * peekUnsigned(): the fields before it are only skipped (quote-aware, "" escapes), nothing else is
 * parsed. When that field is a valid unsigned integer without Centre Point bits the row is FILTERED
 * at once, whatever its other fields hold — a malformed order_id, timestamp or security_code, or a
 * wrong field count, no longer makes such a row a reject (before, a filtered row was validated up
 * to its last filter column). Anything the skip cannot settle cheaply — a quote inside an unquoted
 * field, a CR, a malformed quoted field, too few fields, an order_type that is not such an integer —
 * is "undecided" and the row goes through decode() unchanged, so its reject reason is today's.
 *
 * decode() returns DECODED, FILTERED or REJECTED; after REJECTED, rejectReason() describes the
 * problem. No strings or objects are built for good rows.
 */

import {
  isInt64MinSplit,
  PARSE_NEGATIVE,
  PARSE_NOT_INTEGER,
  PARSE_OK,
  PARSE_OUT_OF_RANGE,
  parse64,
  parseIsoDate,
  parseUnsigned,
  split64,
} from './field-parsers.js';
import { type ColumnPlan, FieldType } from './header.js';
import { type StraightLineDecode, straightLineDecoder, UNSETTLED } from './straight-line-decoder.js';
import { plainFieldStart } from './word-scan.js';

export const DECODED = 0;
export const FILTERED = 1;
export const REJECTED = 2;
export type DecodeStatus = 0 | 1 | 2;

/** Decides from the fields parsed so far whether a row is filtered out. */
export interface RowFilter {
  filtered(out: Float64Array, base: number): boolean;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const ZERO = 48;

const R_FIELD_COUNT = 1;
const R_BAD_QUOTE = 2;
const R_CR = 3;
const R_EMPTY = 4;
const R_NOT_INTEGER = 5;
const R_OUT_OF_RANGE = 6;
const R_NEGATIVE = 7;
const R_SIDE = 8;
const R_DATE = 9;

/** digits the fast path takes; longer fields (leading zeros, too big) go to parseUnsigned */
const MAX_FAST_DIGITS = 15;
/** digits the 64-bit fast path takes (below 1e19 < 2^64); longer fields go to parse64 */
const MAX_FAST_64_DIGITS = 19;
/** "YYYY-MM-DD" */
const DATE_CHARS = 10;
// INT64_MAX = 9223372036854775807 split at 1e9
const INT64_MAX_HIGH = 9_223_372_036;
const INT64_MAX_LOW = 854_775_807;

/** 2^53: quote values beyond it cannot be held exactly */
const MAX_EXACT = 9_007_199_254_740_992;
const TWO32 = 4_294_967_296;

/**
 * The value of the field starting at buf[p] (line end e) when it is a valid unsigned integer of at
 * most 15 significant digits, optionally quoted, ending at a comma or at e; -1 otherwise.
 */
function unsignedAt(buf: Uint8Array, p: number, e: number): number {
  const quoted = p < e && buf[p] === QUOTE;
  if (quoted) p++;
  const digitsStart = p;
  while (p < e && buf[p] === ZERO) p++;
  const significantStart = p;
  let v = 0;
  for (; p < e; p++) {
    const d = buf[p] - ZERO;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (p === digitsStart || p - significantStart > MAX_FAST_DIGITS) return -1;
  if (quoted) {
    if (p >= e || buf[p] !== QUOTE) return -1;
    p++;
  }
  return p === e || buf[p] === COMMA ? v : -1;
}

export class LineDecoder {
  private readonly slots: Int32Array;
  private readonly required: Uint8Array;
  private readonly absentSlots: Int32Array;
  private readonly names: string[];
  readonly fieldCount: number;
  /** the planned fields (and the filter field) in physical order: field, type, first slot */
  private readonly opField: Int32Array;
  private readonly opType: Uint8Array;
  private readonly opSlot: Int32Array;
  /** index into op* of the filter field: the filter is asked right after it is parsed */
  private readonly filterOp: number;
  /** the plan's generated decoder for plain rows; decode() falls back to its own loop */
  private readonly plain: StraightLineDecode;
  private reason = 0;
  private reasonField = 0;
  private reasonCount = 0;

  constructor(plan: ColumnPlan) {
    this.fieldCount = plan.fieldCount;
    this.slots = Int32Array.from(plan.slots);
    this.required = Uint8Array.from(plan.required);
    this.absentSlots = Int32Array.from(plan.absentSlots);
    this.names = plan.names;
    const fields: number[] = [];
    for (let f = 0; f < plan.fieldCount; f++)
      if (plan.types[f] !== FieldType.skip || f === plan.filterField) fields.push(f);
    this.opField = Int32Array.from(fields);
    this.opType = Uint8Array.from(fields, (f) => plan.types[f]);
    this.opSlot = Int32Array.from(fields, (f) => plan.slots[f]);
    this.filterOp = fields.indexOf(plan.filterField);
    this.plain = straightLineDecoder(plan);
  }

  /** Physical index of the logical column `logical`, or -1 when the file does not have it. */
  fieldOf(logical: string): number {
    return this.names.indexOf(logical);
  }

  /**
   * The value of physical field `field` of buf[s, e) when it is a valid unsigned integer (at most
   * 15 significant digits, optionally quoted), found by skipping the fields before it without
   * parsing them; -1 when undecided (see the header comment): the caller then decodes in full.
   *
   * Plain rows take the word scan (word-scan.ts), which reads only inside [s, e); the rest take
   * peekCarefully, whose unquoted skip has no end check per byte: it stops at any byte <= ','
   * and only then asks whether it ran past e. A line from LineSplitter ends at its LF or CR, so
   * only that terminator is read (a last line without LF may read on into stale buffer bytes, up
   * to the next byte <= ',' or the end of the array, where undefined ends the loop). Whatever lies
   * beyond e, running past it means "too few fields" = undecided, never a wrong value.
   */
  peekUnsigned(buf: Uint8Array, view: DataView, s: number, e: number, field: number): number {
    // most rows are plain: their fields are skipped a word at a time (word-scan.ts)
    const start = plainFieldStart(view, s, e, field);
    return start >= 0 ? unsignedAt(buf, start, e) : this.peekCarefully(buf, s, e, field);
  }

  /** peekUnsigned byte by byte: quote-aware, and the judge of every row the word scan leaves. */
  private peekCarefully(buf: Uint8Array, s: number, e: number, field: number): number {
    let p = s;
    for (let f = 0; f < field; f++) {
      if (buf[p] === QUOTE && p < e) {
        p++;
        for (;;) {
          if (p >= e) return -1;
          const c = buf[p++];
          if (c === QUOTE) {
            if (p < e && buf[p] === QUOTE) p++;
            else break;
          } else if (c === CR) return -1;
        }
        // a quoted field must be followed by its comma; the line ending here = too few fields
        if (p >= e || buf[p] !== COMMA) return -1;
        p++;
      } else {
        for (;;) {
          let c: number;
          while ((c = buf[p]) > COMMA) p++;
          if (p >= e) return -1;
          p++;
          if (c === COMMA) break;
          if (c === QUOTE || c === CR) return -1;
        }
      }
    }
    return unsignedAt(buf, p, e);
  }

  /**
   * Decode buf[s, e) into out[base ...], asking `filter` as soon as it can decide.
   *
   * Plain rows are settled by the plan's generated decoder (straight-line-decoder.ts); a row it
   * leaves UNSETTLED is decoded from the start by the general loop below, which alone decides
   * rejects and reasons. That loop makes no call on the common path (a method call per field
   * measured ~20% slower on an order row): an unplanned field is walked over with a tight loop, a
   * planned field of plain digits (or a plain date) takes its fast path inline, and anything else
   * (quotes, signs, a malformed value) goes to parseSlow(), which re-reads the field and gives its
   * reason.
   */
  decode(
    buf: Uint8Array,
    view: DataView,
    s: number,
    e: number,
    out: Float64Array,
    base: number,
    filter: RowFilter,
  ): DecodeStatus {
    const settled = this.plain(buf, view, s, e, out, base, filter);
    if (settled !== UNSETTLED) return settled as DecodeStatus;
    const absent = this.absentSlots;
    for (let i = 0; i < absent.length; i++) out[base + absent[i]] = Number.NaN;
    const opField = this.opField;
    const opType = this.opType;
    const opSlot = this.opSlot;
    const nOps = opField.length;
    const filterOp = this.filterOp;
    let k = 0;
    let target = nOps > 0 ? opField[0] : -1;
    let field = 0;
    let p = s;
    for (;;) {
      if (field !== target) {
        // An unplanned field, only checked for quoting and CR. The unquoted walk has no end check
        // per byte (like peekUnsigned): it stops at any byte <= ',' and only then asks whether it
        // ran past e, which means the line ended in this field.
        if (p < e && buf[p] === QUOTE) {
          p = this.skipQuoted(buf, p + 1, e, field);
          if (p < 0) return REJECTED;
        } else {
          for (;;) {
            let c: number;
            while ((c = buf[p]) > COMMA) p++;
            if (p >= e || c === COMMA) break;
            if (c === QUOTE) return this.fail(R_BAD_QUOTE, field);
            if (c === CR) return this.fail(R_CR, field);
            p++;
          }
        }
      } else {
        const type = opType[k];
        const fs = p;
        let done = false;
        if (
          type === FieldType.uint ||
          type === FieldType.uint32 ||
          type === FieldType.side ||
          type === FieldType.quote
        ) {
          let v = 0;
          for (; p < e; p++) {
            const d = buf[p] - ZERO;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          if (
            (p === e || buf[p] === COMMA) &&
            p > fs &&
            p - fs <= MAX_FAST_DIGITS &&
            (type !== FieldType.side || (p - fs === 1 && (v === 1 || v === 2))) &&
            (type !== FieldType.uint32 || v < TWO32)
          ) {
            out[base + opSlot[k]] = v;
            done = true;
          }
        } else if (type === FieldType.uint64 || type === FieldType.timestamp || type === FieldType.int64) {
          // One pass: the first ten digits go to `high`, the rest to `low`, which is the split
          // itself for the usual 19 digits (the last nine are `low`); up to nine digits are all
          // `low`; other lengths are re-split. 19 digits are always a uint64, a (non-negative)
          // int64 is range-checked.
          let high = 0;
          let low = 0;
          const highEnd = e - fs > 10 ? fs + 10 : e;
          for (; p < highEnd; p++) {
            const d = buf[p] - ZERO;
            if (d < 0 || d > 9) break;
            high = high * 10 + d;
          }
          if (p === highEnd) {
            for (; p < e; p++) {
              const d = buf[p] - ZERO;
              if (d < 0 || d > 9) break;
              low = low * 10 + d;
            }
          }
          const n = p - fs;
          if ((p === e || buf[p] === COMMA) && n > 0 && n <= MAX_FAST_64_DIGITS) {
            if (n <= 9) {
              low = high;
              high = 0;
            } else if (n < MAX_FAST_64_DIGITS) {
              high = 0;
              low = 0;
              for (let q = fs; q < p - 9; q++) high = high * 10 + buf[q] - ZERO;
              for (let q = p - 9; q < p; q++) low = low * 10 + buf[q] - ZERO;
            }
            if (
              type === FieldType.uint64 ||
              high < INT64_MAX_HIGH ||
              (high === INT64_MAX_HIGH && low <= INT64_MAX_LOW)
            ) {
              const slot = base + opSlot[k];
              out[slot] = high;
              out[slot + 1] = low;
              done = true;
            }
          }
        } else if (
          type === FieldType.date &&
          e - p >= DATE_CHARS &&
          (e - p === DATE_CHARS || buf[p + DATE_CHARS] === COMMA)
        ) {
          const days = parseIsoDate(buf, p, p + DATE_CHARS);
          if (days >= 0) {
            out[base + opSlot[k]] = days;
            p += DATE_CHARS;
            done = true;
          }
        }
        if (!done) {
          p = this.parseSlow(type, opField[k], buf, fs, e, out, base);
          if (p < 0) return REJECTED;
        }
        if (k === filterOp && filter.filtered(out, base)) return FILTERED;
        k++;
        target = k < nOps ? opField[k] : -1;
      }
      field++;
      if (p >= e) break;
      p++; // the comma; right before e it opens one more, empty field
    }
    if (field !== this.fieldCount) {
      this.reasonCount = field;
      return this.fail(R_FIELD_COUNT, field);
    }
    return DECODED;
  }

  /**
   * The end of a quoted field whose content starts at p: the index of the comma after it, e when
   * the line ends there, or -1 (reason recorded) on bad quoting or a CR.
   */
  private skipQuoted(buf: Uint8Array, p: number, e: number, field: number): number {
    for (;;) {
      if (p >= e) return this.failAt(R_BAD_QUOTE, field);
      const c = buf[p];
      if (c === QUOTE) {
        if (p + 1 < e && buf[p + 1] === QUOTE) p += 2;
        else break;
      } else if (c === CR) return this.failAt(R_CR, field);
      else p++;
    }
    p++;
    if (p < e && buf[p] !== COMMA) return this.failAt(R_BAD_QUOTE, field);
    return p;
  }

  /**
   * A planned field (of `type`, physical index `field`) the fast paths did not take, from its
   * start fs: finds its end (quote-aware) and parses it with parseField. Returns the index of the
   * comma after it (or e), or -1 when the row is malformed (reason recorded).
   */
  private parseSlow(
    type: number,
    field: number,
    buf: Uint8Array,
    fs: number,
    e: number,
    out: Float64Array,
    base: number,
  ): number {
    if (fs < e && buf[fs] === QUOTE) {
      const end = this.skipQuoted(buf, fs + 1, e, field);
      if (end < 0) return -1;
      // the content between the quotes, "" escapes left as they are (never a valid number)
      if (type !== FieldType.skip && !this.parseField(type, field, buf, fs + 1, end - 1, out, base))
        return -1;
      return end;
    }
    let p = fs;
    while (p < e) {
      const c = buf[p];
      if (c <= COMMA) {
        if (c === COMMA) break;
        if (c === QUOTE) return this.failAt(R_BAD_QUOTE, field);
        if (c === CR) return this.failAt(R_CR, field);
      }
      p++;
    }
    if (type !== FieldType.skip && !this.parseField(type, field, buf, fs, p, out, base)) return -1;
    return p;
  }

  /** A failure inside a field walk: records the reason like fail(), returns the -1 position. */
  private failAt(reason: number, field: number): number {
    this.fail(reason, field);
    return -1;
  }

  private parseField(
    type: number,
    field: number,
    buf: Uint8Array,
    fs: number,
    fe: number,
    out: Float64Array,
    base: number,
  ): boolean {
    const slot = base + this.slots[field];
    if (fs === fe) {
      if (this.required[field] === 1) return this.failField(R_EMPTY, field);
      out[slot] = Number.NaN;
      if (type === FieldType.uint64 || type === FieldType.int64) out[slot + 1] = Number.NaN;
      return true;
    }
    switch (type) {
      case FieldType.uint:
      case FieldType.uint32: {
        const v = parseUnsigned(buf, fs, fe);
        if (v < 0) return this.failField(statusReason(-1 - v), field);
        if (type === FieldType.uint32 && v >= TWO32) return this.failField(R_OUT_OF_RANGE, field);
        out[slot] = v;
        return true;
      }
      case FieldType.side: {
        if (fe - fs !== 1 || (buf[fs] !== 49 && buf[fs] !== 50)) return this.failField(R_SIDE, field);
        out[slot] = buf[fs] - 48;
        return true;
      }
      case FieldType.uint64:
      case FieldType.int64:
      case FieldType.timestamp: {
        const st = parse64(buf, fs, fe, type !== FieldType.uint64);
        if (st !== PARSE_OK) return this.failField(statusReason(st), field);
        if (type === FieldType.timestamp && split64.high < 0) return this.failField(R_NEGATIVE, field);
        out[slot] = split64.high;
        out[slot + 1] = split64.low;
        return true;
      }
      case FieldType.quote: {
        const st = parse64(buf, fs, fe, true);
        if (st !== PARSE_OK) return this.failField(statusReason(st), field);
        if (isInt64MinSplit()) {
          out[slot] = Number.NaN;
          return true;
        }
        const v = split64.high * 1e9 + split64.low;
        if (v > MAX_EXACT || v < -MAX_EXACT) return this.failField(R_OUT_OF_RANGE, field);
        out[slot] = v;
        return true;
      }
      case FieldType.date: {
        const d = parseIsoDate(buf, fs, fe);
        if (d < 0) return this.failField(R_DATE, field);
        out[slot] = d;
        return true;
      }
      default:
        return true;
    }
  }

  /** parseField's failure: records the reason like fail() */
  private failField(reason: number, field: number): false {
    this.fail(reason, field);
    return false;
  }

  private fail(reason: number, field: number): typeof REJECTED {
    this.reason = reason;
    this.reasonField = field;
    return REJECTED;
  }

  /** Human reason of the last failed decode(). */
  rejectReason(): string {
    const col = this.names[this.reasonField] || `field ${this.reasonField + 1}`;
    switch (this.reason) {
      case R_FIELD_COUNT:
        return `wrong field count: expected ${this.fieldCount}, got ${this.reasonCount}`;
      case R_BAD_QUOTE:
        return `bad quoting in field ${this.reasonField + 1}`;
      case R_CR:
        return `carriage return inside the record (field ${this.reasonField + 1})`;
      case R_EMPTY:
        return `empty required field ${col}`;
      case R_NOT_INTEGER:
        return `not an integer in ${col}`;
      case R_OUT_OF_RANGE:
        return `value out of range in ${col}`;
      case R_NEGATIVE:
        return `negative value in ${col}`;
      case R_SIDE:
        return `side is not 1 or 2 in ${col}`;
      case R_DATE:
        return `not a YYYY-MM-DD date in ${col}`;
      default:
        return 'malformed row';
    }
  }
}

function statusReason(status: number): number {
  if (status === PARSE_NOT_INTEGER) return R_NOT_INTEGER;
  if (status === PARSE_OUT_OF_RANGE) return R_OUT_OF_RANGE;
  if (status === PARSE_NEGATIVE) return R_NEGATIVE;
  return R_NOT_INTEGER;
}
