/**
 * The trades universe test over a whole .gz block, in WebAssembly (used by block-scanner.ts).
 *
 * About nine trades in ten are not legs of a universe order and are dropped once their order id,
 * trade date and security are read (row-router.ts). In JavaScript that costs a line split, the
 * generated decoder up to the filter columns and a universe lookup, ~150-250 ns a row in a .gz
 * ingest. This kernel, generated for the file's column plan, walks the fields up to the last
 * filter column sixteen bytes at a time and asks the Bloom filter of one trading day's universe
 * table (a copy of UniverseFilter's words) whether the key can be there; when it certainly is not,
 * the row is counted as filtered and never reaches JavaScript.
 *
 * It settles a row only when the generated JavaScript decoder (straight-line-decoder.ts) would
 * take the same fields as plain and the router would then filter it: every field before the last
 * filter column is either unplanned (no quote or CR inside, as that decoder's skip requires) or a
 * filter column; trade_date is exactly the day's "YYYY-MM-DD" (so its day is that day, not one the
 * time zone decides); trade_time is 19 digits starting 0-8 or 1-9 digits (a valid timestamp);
 * security_code 1-9 digits; order_id 19 or 1-9 digits; each field ends at its comma. Then the key
 * (order id, day, security) hashes as UniverseTable's entries do, and a filter that rules the hash
 * out means UniverseTable.has would answer false. Every other row (another day, an empty date, a
 * "maybe" from the filter, anything unusual) goes to the router unchanged.
 */
import { type ColumnPlan, FieldType } from './header.js';
import {
  LINE_LOCALS,
  lineFiltered,
  lineHandedBack,
  lineLocals,
  lineLoopEnd,
  lineLoopStart,
} from './line-kernel.js';
import { Asm, I32, I64, moduleBytes, op, V128 } from './wasm-module.js';

// params
const END = 0;
const CAP = 1;
const DAY = 2;
const DATE0 = 3;
const DATE4 = 4;
const DATE8 = 5;
const FILTER_AT = 6;
const SHIFT = 7;
// the line loop's locals (line-kernel.ts), then this kernel's own
const L = lineLocals(END, CAP, 8);
const { s: S, e: E, q: Q, m: M } = L;
const FS = 8 + LINE_LOCALS;
const FE = FS + 1;
const C = FS + 2;
const BAD = FS + 3;
const SEC = FS + 4;
const LO = FS + 5;
const H1 = FS + 6;
const H2 = FS + 7;
const HASH = FS + 8;
const D = FS + 9;
const V = FS + 10;
// the i64 local (the 10-digit high part of an order id), then the v128 one
const X = FS + 11;
const VV = FS + 12;

const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;
const EIGHT = 56;
const OCCUPIED = 0x8000_0000 | 0;

/** The columns the kernel reads (FILTER_COLUMNS.trades). */
const READ = new Map<string, number>([
  ['trade_date', FieldType.date],
  ['trade_time', FieldType.timestamp],
  ['security_code', FieldType.uint32],
  ['order_id', FieldType.uint64],
]);

/** Whether the kernel can settle rows of this plan (else every block goes the JavaScript way). */
export function tradesKernelApplies(plan: ColumnPlan): boolean {
  if (plan.kind !== 'trades' || !plan.names.includes('trade_date')) return false;
  for (let f = 0; f <= plan.filterField; f++) {
    if (plan.types[f] === FieldType.skip) continue;
    if (READ.get(plan.names[f]) !== plan.types[f]) return false;
  }
  return true;
}

/** Bitmask (bit i = byte i) of the 16 bytes at `addr` (already on the stack) equal to `b`. */
function eqMask(a: Asm, b: number): void {
  a.emit(op.v128Load, op.splat8(b), op.i8x16Eq, op.i8x16Bitmask);
}

/** D = (1 << n) - 1 where n (< 32) is computed by `n` */
function lowBits(a: Asm, n: readonly number[]): void {
  a.emit(op.i32(1), n, op.shl, op.i32(1), op.sub, op.set(D));
}

/**
 * Break to `fail` unless the `len` bytes at FS are all digits (len 1..19, known at run time in
 * local C).
 */
function requireDigits(a: Asm, fail: string): void {
  const g = op.get;
  // the first up to 16 bytes with one vector compare
  a.emit(g(FS), op.v128Load, op.set(VV));
  a.emit(
    g(VV),
    op.splat8(ZERO),
    op.i8x16LtU,
    g(VV),
    op.splat8(NINE),
    op.i8x16GtU,
    op.v128Or,
    op.i8x16Bitmask,
  );
  a.emit(op.set(M));
  a.emit(g(C), op.i32(16), op.ltU).open(op.if);
  lowBits(a, g(C));
  a.emit(g(M), g(D), op.and, op.set(M));
  a.close();
  a.emit(g(M)).brIf(fail);
  // bytes 16.. (a 19-digit field): one at a time
  a.emit(op.i32(16), op.set(V));
  a.open(op.block, 'tail').open(op.loop, 'tailByte');
  a.emit(g(V), g(C), op.geU).brIf('tail');
  a.emit(g(FS), g(V), op.add, op.load8u, op.i32(ZERO), op.sub, op.i32(9), op.gtU).brIf(fail);
  a.emit(g(V), op.i32(1), op.add, op.set(V)).br('tailByte');
  a.close().close();
}

/** into local `into`: the value of the `n` digits at FS + from (validated already; n <= 9) */
function digitsValue(a: Asm, from: number, n: number | null, into: number): void {
  const g = op.get;
  a.emit(op.i32(0), op.set(into), op.i32(from), op.set(V));
  a.open(op.block, 'valueDone').open(op.loop, 'valueDigit');
  if (n === null) a.emit(g(V), g(C), op.geU).brIf('valueDone');
  else a.emit(g(V), op.i32(from + n), op.geU).brIf('valueDone');
  a.emit(
    g(into),
    op.i32(10),
    op.mul,
    g(FS),
    g(V),
    op.add,
    op.load8u,
    op.i32(ZERO),
    op.sub,
    op.add,
    op.set(into),
  );
  a.emit(g(V), op.i32(1), op.add, op.set(V)).br('valueDigit');
  a.close().close();
}

/** h = mix(h) as universe-table.ts's mix() */
function mix(a: Asm, h: number): void {
  const g = op.get;
  a.emit(g(h), g(h), op.i32(16), op.shrU, op.xor, op.set(h));
  a.emit(g(h), op.i32(0x85eb_ca6b | 0), op.mul, op.set(h));
  a.emit(g(h), g(h), op.i32(13), op.shrU, op.xor, op.set(h));
  a.emit(g(h), op.i32(0xc2b2_ae35 | 0), op.mul, op.set(h));
  a.emit(g(h), g(h), op.i32(16), op.shrU, op.xor, op.set(h));
}

/**
 * scan(end, capacity, day, date0, date4, date8, filterAt, shift) -> candidates written, with the
 * state words and candidate triples of block-scanner.ts's orders kernel. date0/date4/date8: the
 * day's "YYYY-MM-DD" as little-endian words of bytes 0-3, 4-7 and 8-9.
 */
function kernel(plan: ColumnPlan): number[] {
  const a = new Asm();
  const g = op.get;
  const set = op.set;
  const l = L;
  lineLoopStart(a, l);
  a.emit(g(E), g(S), op.ne).open(op.if);
  a.open(op.block, 'keep'); // break here: the router decides the row
  a.emit(op.i32(0), set(H1), op.i32(0), set(H2), op.i32(0), set(LO), op.i32(0), set(SEC));
  a.emit(g(S), set(FS));
  const last = plan.fieldCount - 1;
  for (let f = 0; f <= plan.filterField; f++) {
    const type = plan.types[f];
    const skip = type === FieldType.skip;
    // FE: the field's comma or the line end; BAD: a quote or CR before it (skipped fields only)
    a.emit(g(FS), set(Q), op.i32(0), set(BAD));
    a.open(op.block, 'fend').open(op.loop, 'chunk');
    a.emit(g(Q), g(E), op.geU).open(op.if).emit(g(E), set(FE)).br('fend').close();
    a.emit(g(Q));
    eqMask(a, COMMA);
    a.emit(set(M));
    if (skip) {
      a.emit(g(Q), op.v128Load, set(VV));
      a.emit(
        g(VV),
        op.splat8(QUOTE),
        op.i8x16Eq,
        g(VV),
        op.splat8(CR),
        op.i8x16Eq,
        op.v128Or,
        op.i8x16Bitmask,
        set(C),
      );
    }
    a.emit(g(E), g(Q), op.sub, op.i32(16), op.ltU).open(op.if);
    lowBits(a, [...g(E), ...g(Q), ...op.sub]);
    a.emit(g(M), g(D), op.and, set(M));
    if (skip) a.emit(g(C), g(D), op.and, set(C));
    a.close();
    a.emit(g(M)).open(op.if);
    a.emit(g(Q), g(M), op.ctz, op.add, set(FE));
    if (skip) {
      lowBits(a, [...g(M), ...op.ctz]);
      a.emit(g(BAD), g(C), g(D), op.and, op.or, set(BAD));
    }
    a.br('fend').close();
    if (skip) a.emit(g(BAD), g(C), op.or, set(BAD));
    a.emit(g(Q), op.i32(16), op.add, set(Q)).br('chunk');
    a.close().close();
    // a field before the last one must end at its comma
    if (f < last) a.emit(g(FE), g(E), op.geU).brIf('keep');
    // C: the field's length
    a.emit(g(FE), g(FS), op.sub, set(C));
    if (skip) {
      a.emit(g(BAD)).brIf('keep');
    } else if (type === FieldType.date) {
      a.emit(g(C), op.i32(10), op.ne).brIf('keep');
      a.emit(g(FS), op.load32, g(DATE0), op.ne).brIf('keep');
      a.emit(g(FS), op.i32(4), op.add, op.load32, g(DATE4), op.ne).brIf('keep');
      a.emit(g(FS), op.i32(8), op.add, op.load16u, g(DATE8), op.ne).brIf('keep');
    } else if (type === FieldType.timestamp) {
      // 19 digits starting 0-8 (below INT64_MAX), or 1-9 digits
      a.emit(g(C), op.eqz).brIf('keep');
      a.emit(g(C), op.i32(19), op.eq).open(op.if);
      a.emit(g(FS), op.load8u, op.i32(EIGHT), op.gtU).brIf('keep');
      a.else();
      a.emit(g(C), op.i32(9), op.gtU).brIf('keep');
      a.close();
      requireDigits(a, 'keep');
    } else if (type === FieldType.uint32) {
      a.emit(g(C), op.eqz, g(C), op.i32(9), op.gtU, op.or).brIf('keep');
      requireDigits(a, 'keep');
      digitsValue(a, 0, null, SEC);
    } else {
      // order_id: 19 digits (high = the first 10, low = the last 9) or 1-9 digits (low only)
      a.emit(g(C), op.eqz).brIf('keep');
      a.emit(g(C), op.i32(19), op.ne, g(C), op.i32(9), op.gtU, op.and).brIf('keep');
      requireDigits(a, 'keep');
      a.emit(g(C), op.i32(19), op.eq).open(op.if);
      digitsValue(a, 0, 9, H1);
      a.emit(g(H1), op.extendI32U, op.i64(10), op.i64Mul, g(FS), op.i32(9), op.add, op.load8u, op.i32(ZERO));
      a.emit(op.sub, op.extendI32U, op.i64Add, set(X));
      a.emit(g(X), op.wrapI64, set(H1), g(X), op.i64(32), op.i64ShrU, op.wrapI64, set(H2));
      digitsValue(a, 10, 9, LO);
      a.else();
      digitsValue(a, 0, null, LO);
      a.close();
    }
    a.emit(g(FE), op.i32(1), op.add, set(FS));
  }
  // the key as UniverseTable hashes it: w0 = low, w1 = high >>> 0, w2 = high / 2^32 | day << 3 |
  // occupied, w3 = security; hash = mix(w0 ^ mix(w1 ^ mix(w2 ^ w3)))
  a.emit(g(H2), g(DAY), op.i32(3), op.shl, op.or, op.i32(OCCUPIED), op.or, g(SEC), op.xor, set(HASH));
  mix(a, HASH);
  a.emit(g(H1), g(HASH), op.xor, set(HASH));
  mix(a, HASH);
  a.emit(g(LO), g(HASH), op.xor, set(HASH));
  mix(a, HASH);
  // the filter word and the key's 3 bits in it (UniverseFilter.mayHave)
  a.emit(g(FILTER_AT), g(HASH), g(SHIFT), op.shrU, op.i32(2), op.shl, op.add, op.load32, set(M));
  a.emit(op.i32(1), g(HASH), op.shl);
  a.emit(op.i32(1), g(HASH), op.i32(5), op.shrU, op.shl, op.or);
  a.emit(op.i32(1), g(HASH), op.i32(10), op.shrU, op.shl, op.or, set(D));
  a.emit(g(M), g(D), op.and, g(D), op.eq).brIf('keep');
  lineFiltered(a, l);
  a.close(); // block keep
  lineHandedBack(a, l, D);
  a.close(); // if not blank
  lineLoopEnd(a, l);
  return a.code;
}

export type TradesScanFn = (
  end: number,
  capacity: number,
  day: number,
  date0: number,
  date4: number,
  date8: number,
  filterAt: number,
  shift: number,
) => number;

const compiled = new Map<string, WebAssembly.Module>();

/** The kernel for `plan` (tradesKernelApplies must hold), importing its memory from env.memory. */
export function tradesKernelModule(plan: ColumnPlan, pages: number): WebAssembly.Module {
  const key = JSON.stringify([plan.types, plan.names, plan.fieldCount, plan.filterField, pages]);
  let module = compiled.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(
      moduleBytes(
        {
          params: new Array<number>(8).fill(I32),
          results: [I32],
          locals: [...new Array<number>(X - L.p).fill(I32), I64, V128],
          body: kernel(plan),
        },
        'scan',
        pages,
        true,
      ),
    );
    compiled.set(key, module);
  }
  return module;
}
