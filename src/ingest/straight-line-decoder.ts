/**
 * A decoder generated for one ColumnPlan: straight-line code with every field's type, slot and
 * position fixed, so there is no per-field dispatch and no table lookup. It only takes PLAIN rows
 * — the header's field count, no quote or CR anywhere, numbers as bare digits (no sign, at most
 * 15 digits; 64-bit values of up to 9 or exactly 19 digits), YYYY-MM-DD dates, empty optional
 * fields — and answers UNSETTLED for anything else, which LineDecoder's general loop then decodes
 * from the start (so every reject reason, and every odd-but-valid row, stays the general loop's).
 * Slots written before giving up are overwritten by that second decode; a filter may therefore be
 * asked twice for one row, which is harmless because RowFilter.filtered reads only the slots of
 * the filter columns.
 *
 * Measured per row against the general loop: an order row (30 fields, 16 planned) ~350 -> ~220
 * ns, a trade row ~310 -> ~190 ns, an NBBO row ~160 -> ~120 ns.
 */
import { parseIsoDate } from './field-parsers.js';
import { type ColumnPlan, FieldType } from './header.js';
import type { RowFilter } from './line-decoder.js';

/** The row is not plain: decode it with the general loop. */
export const UNSETTLED = -1;

/** DECODED (0), FILTERED (1) or UNSETTLED; never REJECTED. */
export type StraightLineDecode = (
  buf: Uint8Array,
  /** a DataView of all of buf (word-scan.ts wordViewOf), for the word reads of 19-digit fields */
  view: DataView,
  s: number,
  e: number,
  out: Float64Array,
  base: number,
  filter: RowFilter,
) => number;

// A new function per task would be optimised afresh by V8 every time: plans repeat, code is shared.
const compiled = new Map<string, StraightLineDecode>();

export function straightLineDecoder(plan: ColumnPlan): StraightLineDecode {
  const key = JSON.stringify([plan.types, plan.slots, plan.required, plan.absentSlots, plan.filterField]);
  let fn = compiled.get(key);
  if (fn === undefined) {
    fn = new Function('parseIsoDate', generate(plan))(parseIsoDate) as StraightLineDecode;
    compiled.set(key, fn);
  }
  return fn;
}

// byte values and limits, written into the generated code as literals
const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const MINUS = 45;
const ZERO = 48;
const MAX_SMALL_DIGITS = 15;
const TWO32 = 4_294_967_296;
const INT64_MAX_HIGH = 9_223_372_036;
const INT64_MAX_LOW = 854_775_807;

/**
 * Source of an expression that is 0 when every byte of the 32-bit word `x` is an ASCII digit.
 * A byte is a digit when its high nibble is 3 and stays 3 after adding 6 ('9' + 6 = '?'); a carry
 * between bytes needs a byte >= 0xFA, whose high nibble already fails the first test.
 */
function notFourDigits(x: string): string {
  return `(((${x} & 0xF0F0F0F0) ^ 0x30303030) | (((${x} + 0x06060606) & 0xF0F0F0F0) ^ 0x30303030))`;
}

/**
 * Source of the value of the four digits in word `x` (first digit in the lowest byte, as a
 * little-endian load of the text gives): pairs d0*10+d1 and d2*10+d3 in the two 16-bit halves of
 * `t` with one multiply, then the pairs combined.
 */
function fourDigits(x: string): string {
  return `(t = Math.imul((${x} - 0x30303030) & 0x000F000F, 10) + (((${x} - 0x30303030) >>> 8) & 0x000F000F), (t & 0xFFFF) * 100 + (t >>> 16))`;
}

/**
 * Source of `function (buf, s, e, out, base, filter)` returning DECODED (0), FILTERED (1) or
 * UNSETTLED (written as literals: line-decoder.ts imports this file).
 */
function generate(plan: ColumnPlan): string {
  const T = FieldType;
  const lines: string[] = [
    "'use strict';",
    // NaN: no packed bytes equal it, so nothing matches before the first date is parsed
    'let lastYear = NaN, lastMonthDay = NaN, lastDays = 0;',
    'return function decodePlain(buf, view, s, e, out, base, filter) {',
  ];
  lines.push(
    'let p = s, c = 0, d = 0, v = 0, high = 0, low = 0, fs = 0, x0 = 0, x1 = 0, x2 = 0, x3 = 0, t = 0;',
  );
  // slots go into the source text: as Int32Array values they can only be integers
  const slots = Int32Array.from(plan.slots);
  for (const slot of Int32Array.from(plan.absentSlots)) lines.push(`out[base + ${slot}] = NaN;`);
  const last = plan.fieldCount - 1;
  for (let f = 0; f <= last; f++) {
    const type = plan.types[f];
    const slot = slots[f];
    // an empty optional field is null; an empty required one is a reject: the general loop's
    const empty =
      plan.required[f] === 1
        ? `return ${UNSETTLED};`
        : type === T.uint64 || type === T.int64
          ? `out[base + ${slot}] = NaN; out[base + ${slot + 1}] = NaN;`
          : `out[base + ${slot}] = NaN;`;
    lines.push(`// field ${f + 1}`, 'fs = p;');
    switch (type) {
      case T.skip:
        // walked over like the general loop: other bytes below ',' (a space) are content; a quote
        // or CR inside is left for the separator check to refuse
        lines.push(
          `if (buf[p] === ${QUOTE}) return ${UNSETTLED};`,
          `for (;;) { while ((c = buf[p]) > ${COMMA}) p++; if (p >= e || c === ${COMMA} || c === ${QUOTE} || c === ${CR}) break; p++; }`,
        );
        break;
      case T.uint:
      case T.uint32:
      case T.quote:
      case T.side: {
        // the digit loops have no end check: a field is only taken when its separator sits at
        // the right place (a comma before e, or e itself), so running on past e gives up
        lines.push(
          'v = 0;',
          `while ((d = buf[p] - ${ZERO}) >= 0 && d <= 9) { v = v * 10 + d; p++; }`,
          `if (p === fs) { ${empty} }`,
        );
        const valid =
          type === T.side
            ? 'p - fs === 1 && (v === 1 || v === 2)'
            : type === T.uint32
              ? `p - fs <= ${MAX_SMALL_DIGITS} && v < ${TWO32}`
              : `p - fs <= ${MAX_SMALL_DIGITS}`;
        lines.push(`else if (${valid}) out[base + ${slot}] = v;`, `else return ${UNSETTLED};`);
        break;
      }
      case T.uint64:
      case T.int64:
      case T.timestamp: {
        // first ten digits to high, the rest to low: the split itself for 19 digits; up to nine
        // digits are all low; any other length is the general loop's
        const inRange =
          type === T.uint64
            ? ''
            : ` && (high < ${INT64_MAX_HIGH} || (high === ${INT64_MAX_HIGH} && low <= ${INT64_MAX_LOW}))`;
        // 19 digits (ids and ns timestamps nearly always have them) are read as words: digits
        // 0-3, 4-7, 10-13 and 14-17 four at a time, 8, 9 and 18 alone (fourDigits below)
        lines.push(
          'high = 0; low = 0;',
          `if (p + 19 <= e) { x0 = view.getInt32(p, true); x1 = view.getInt32(p + 4, true); x2 = view.getInt32(p + 10, true); x3 = view.getInt32(p + 14, true); c = buf[p + 8] - ${ZERO}; d = buf[p + 9] - ${ZERO}; v = buf[p + 18] - ${ZERO}; }`,
          `if (p + 19 <= e && (${notFourDigits('x0')} | ${notFourDigits('x1')} | ${notFourDigits('x2')} | ${notFourDigits('x3')}) === 0 && c >>> 0 < 10 && d >>> 0 < 10 && v >>> 0 < 10) {`,
          `  high = ${fourDigits('x0')} * 1000000 + ${fourDigits('x1')} * 100 + c * 10 + d;`,
          `  low = ${fourDigits('x2')} * 100000 + ${fourDigits('x3')} * 10 + v;`,
          '  p += 19;',
          '} else {',
          `while (p - fs < 10 && (d = buf[p] - ${ZERO}) >= 0 && d <= 9) { high = high * 10 + d; p++; }`,
          `if (p - fs === 10) while ((d = buf[p] - ${ZERO}) >= 0 && d <= 9) { low = low * 10 + d; p++; }`,
          '}',
          `if (p === fs) { ${empty} }`,
          `else if (p - fs <= 9) { out[base + ${slot}] = 0; out[base + ${slot + 1}] = high; }`,
          `else if (p - fs === 19${inRange}) { out[base + ${slot}] = high; out[base + ${slot + 1}] = low; }`,
          `else return ${UNSETTLED};`,
        );
        break;
      }
      case T.date:
        // rows of a file mostly repeat one date: the last valid date's bytes (year, then month
        // and day, four each) are kept as two integers, and a row with the same bytes and dashes
        // takes its day number without parsing
        lines.push(
          `if (buf[p] === ${COMMA} || p === e) { ${empty} }`,
          'else {',
          'c = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];',
          'd = (buf[p + 5] << 24) | (buf[p + 6] << 16) | (buf[p + 8] << 8) | buf[p + 9];',
          `if (c === lastYear && d === lastMonthDay && buf[p + 4] === ${MINUS} && buf[p + 7] === ${MINUS}) v = lastDays;`,
          'else if ((v = parseIsoDate(buf, p, p + 10)) >= 0) { lastYear = c; lastMonthDay = d; lastDays = v; }',
          `else return ${UNSETTLED};`,
          `out[base + ${slot}] = v; p += 10;`,
          '}',
        );
        break;
      default:
        throw new Error(`no straight-line code for field type ${type}`);
    }
    // the field must end at its separator before the filter may judge it
    if (f < last) lines.push(`if (p >= e || buf[p] !== ${COMMA}) return ${UNSETTLED};`);
    else lines.push(`if (p !== e) return ${UNSETTLED};`);
    if (f === plan.filterField) lines.push('if (filter.filtered(out, base)) return 1;');
    lines.push(f < last ? 'p++;' : 'return 0;');
  }
  lines.push('}');
  return lines.join('\n');
}
