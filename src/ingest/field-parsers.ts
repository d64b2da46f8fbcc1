/**
 * Integer parsers that read ASCII digits straight from the input bytes, so the scan never builds a
 * string per field. 64-bit values come out as the exact decimal split of src/store/record-layout.ts
 * (value = high * 1e9 + low) without touching bigint. Results of the 64-bit parser are returned
 * through `split64` (one reused object) to keep the hot path allocation-free.
 */

export const PARSE_OK = 0;
export const PARSE_NOT_INTEGER = 1;
export const PARSE_OUT_OF_RANGE = 2;
export const PARSE_NEGATIVE = 3;
export type ParseStatus = 0 | 1 | 2 | 3;

const MINUS = 45;
const ZERO = 48;

/** Largest digit count of a plain integer column: 15 digits stay below 2^53. */
const MAX_SMALL_DIGITS = 15;

/**
 * Non-negative integer of at most 15 digits in buf[s, e) (s < e). Returns the value, or
 * -1 - status on failure so a single number comes back.
 */
export function parseUnsigned(buf: Uint8Array, s: number, e: number): number {
  if (buf[s] === MINUS) {
    if (e - s < 2) return -1 - PARSE_NOT_INTEGER;
    for (let p = s + 1; p < e; p++) {
      const d = buf[p] - ZERO;
      if (d < 0 || d > 9) return -1 - PARSE_NOT_INTEGER;
    }
    return -1 - PARSE_NEGATIVE;
  }
  while (s < e - 1 && buf[s] === ZERO) s++;
  if (e - s > MAX_SMALL_DIGITS) {
    for (let p = s; p < e; p++) {
      const d = buf[p] - ZERO;
      if (d < 0 || d > 9) return -1 - PARSE_NOT_INTEGER;
    }
    return -1 - PARSE_OUT_OF_RANGE;
  }
  let v = 0;
  for (let p = s; p < e; p++) {
    const d = buf[p] - ZERO;
    if (d < 0 || d > 9) return -1 - PARSE_NOT_INTEGER;
    v = v * 10 + d;
  }
  return v;
}

export const split64 = { high: 0, low: 0 };

// |INT64_MIN| = 9223372036854775808, UINT64_MAX = 18446744073709551615, split at 1e9.
const INT64_ABS_HIGH = 9_223_372_036;
const INT64_MAX_LOW = 854_775_807;
const UINT64_MAX_HIGH = 18_446_744_073;
const UINT64_MAX_LOW = 709_551_615;

/**
 * 64-bit integer in buf[s, e) (s < e) into split64 as high = floor(v / 1e9), low = v mod 1e9.
 * `signed`: int64 range with an optional minus sign; otherwise uint64 (a minus sign is
 * PARSE_NEGATIVE). The digits are split textually: the last nine digits are `low`.
 */
export function parse64(buf: Uint8Array, s: number, e: number, signed: boolean): ParseStatus {
  let negative = false;
  if (buf[s] === MINUS) {
    if (e - s < 2) return PARSE_NOT_INTEGER;
    negative = true;
    s++;
  }
  while (s < e - 1 && buf[s] === ZERO) s++;
  const n = e - s;
  const lowStart = n > 9 ? e - 9 : s;
  let high = 0;
  let low = 0;
  for (let p = s; p < lowStart; p++) {
    const d = buf[p] - ZERO;
    if (d < 0 || d > 9) return PARSE_NOT_INTEGER;
    high = high * 10 + d;
  }
  for (let p = lowStart; p < e; p++) {
    const d = buf[p] - ZERO;
    if (d < 0 || d > 9) return PARSE_NOT_INTEGER;
    low = low * 10 + d;
  }
  // More than 20 significant digits cannot be in range; high would also lose exactness.
  if (n > 20) return PARSE_OUT_OF_RANGE;
  if (negative && !signed) return PARSE_NEGATIVE;
  if (signed) {
    const maxLow = negative ? INT64_MAX_LOW + 1 : INT64_MAX_LOW;
    if (high > INT64_ABS_HIGH || (high === INT64_ABS_HIGH && low > maxLow)) return PARSE_OUT_OF_RANGE;
  } else if (high > UINT64_MAX_HIGH || (high === UINT64_MAX_HIGH && low > UINT64_MAX_LOW)) {
    return PARSE_OUT_OF_RANGE;
  }
  if (negative && (high !== 0 || low !== 0)) {
    // floor division for a negative value: -(h*1e9 + l) = (-h - 1)*1e9 + (1e9 - l) when l > 0
    if (low === 0) {
      high = -high;
    } else {
      high = -high - 1;
      low = 1_000_000_000 - low;
    }
  }
  split64.high = high;
  split64.low = low;
  return PARSE_OK;
}

/** split64 holds INT64_MIN (the "no quote" sentinel) after a successful signed parse. */
export function isInt64MinSplit(): boolean {
  // -9223372036854775808 = -9223372037 * 1e9 + 145224192
  return split64.high === -INT64_ABS_HIGH - 1 && split64.low === 1_000_000_000 - (INT64_MAX_LOW + 1);
}

/** Days since epoch of the civil date y-m-d (proleptic Gregorian), no Date object. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** parseIsoDate's one-entry cache (a valid date only): rows in a file mostly repeat one date */
let lastDateKey = -1;
let lastDateDays = 0;

/** "YYYY-MM-DD" in buf[s, e) -> days since epoch, or -1 when it is not a calendar date. */
export function parseIsoDate(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || buf[s + 4] !== MINUS || buf[s + 7] !== MINUS) return -1;
  const y = digits(buf, s, s + 4);
  const m = digits(buf, s + 5, s + 7);
  const d = digits(buf, s + 8, s + 10);
  if (y < 0 || m < 1 || m > 12 || d < 1) return -1;
  const key = (y * 100 + m) * 100 + d;
  if (key === lastDateKey) return lastDateDays;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[m - 1] + (leap ? 1 : 0)) return -1;
  lastDateKey = key;
  lastDateDays = daysFromCivil(y, m, d);
  return lastDateDays;
}

function digits(buf: Uint8Array, s: number, e: number): number {
  let v = 0;
  for (let p = s; p < e; p++) {
    const d = buf[p] - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
