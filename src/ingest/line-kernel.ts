/**
 * The part every block kernel shares (block-scanner.ts, trades-kernel.ts): the loop over the lines
 * of a block in WebAssembly memory, cut as LineSplitter cuts them, and the hand-back of the lines
 * the kernel does not settle.
 *
 * Contract with the JavaScript side (BlockScanner.drain): state words at address 0 hold the next
 * line's start, the line index and the filtered count, read at entry and written back at exit;
 * candidate lines go out as (start, end, line index) triples from address 16; a call stops at the
 * block end or before a candidate that would not fit (that line is then the next call's first).
 */
import { type Asm, op } from './wasm-module.js';

const LF = 10;
const CR = 13;
/** where the candidate triples start */
export const OUT_AT = 16;

/** Local indices the loop uses (params included). */
export interface LineLocals {
  /** param: end of the block's data */
  end: number;
  /** param: candidates that fit */
  capacity: number;
  p: number;
  index: number;
  filtered: number;
  nOut: number;
  /** the line: [s, e), lf = its LF (or end) */
  s: number;
  e: number;
  lf: number;
  /** scratch */
  q: number;
  m: number;
}

/** The loop's locals: params `end` and `capacity`, then LINE_LOCALS i32 locals from `first`. */
export function lineLocals(end: number, capacity: number, first: number): LineLocals {
  return {
    end,
    capacity,
    p: first,
    index: first + 1,
    filtered: first + 2,
    nOut: first + 3,
    s: first + 4,
    e: first + 5,
    lf: first + 6,
    q: first + 7,
    m: first + 8,
  };
}

/** How many locals lineLocals takes. */
export const LINE_LOCALS = 9;

/**
 * Open the loop: after this, locals s and e hold a line without its LF and the CR before it, and
 * the label 'line' continues with the next line; 'done' leaves the loop. Emit the line's handling,
 * then lineLoopEnd.
 */
export function lineLoopStart(a: Asm, l: LineLocals): void {
  const g = op.get;
  const set = op.set;
  a.emit(
    op.i32(0),
    op.load32,
    set(l.p),
    op.i32(4),
    op.load32,
    set(l.index),
    op.i32(8),
    op.load32,
    set(l.filtered),
  );
  a.emit(op.i32(0), set(l.nOut));
  a.open(op.block, 'done').open(op.loop, 'line');
  a.emit(g(l.p), g(l.end), op.geU).brIf('done');
  a.emit(g(l.p), set(l.s), g(l.s), set(l.q));
  // the line end: the first LF at or after s, sixteen bytes at a time, or `end`
  a.open(op.block, 'found').open(op.loop, 'lfscan');
  a.emit(g(l.q), g(l.end), op.geU).open(op.if).emit(g(l.end), set(l.lf)).br('found').close();
  a.emit(g(l.q), op.v128Load, op.splat8(LF), op.i8x16Eq, op.i8x16Bitmask, op.tee(l.m));
  a.open(op.if);
  a.emit(g(l.q), g(l.m), op.ctz, op.add, set(l.lf));
  // an LF in the padding or past `end` belongs to no line of this block
  a.emit(g(l.lf), g(l.end), op.gtU).open(op.if).emit(g(l.end), set(l.lf)).close();
  a.br('found').close();
  a.emit(g(l.q), op.i32(16), op.add, set(l.q)).br('lfscan');
  a.close().close();
  // e: without a CR right before the LF
  a.emit(g(l.lf), set(l.e));
  a.emit(g(l.e), g(l.s), op.gtU).open(op.if);
  a.emit(g(l.e), op.i32(1), op.sub, op.load8u, op.i32(CR), op.eq).open(op.if);
  a.emit(g(l.e), op.i32(1), op.sub, set(l.e)).close();
  a.close();
}

/** The line is settled here (filtered): count it and go on with the next line. */
export function lineFiltered(a: Asm, l: LineLocals): void {
  a.emit(op.get(l.filtered), op.i32(1), op.add, op.set(l.filtered));
  nextLine(a, l);
}

/** The line goes back to JavaScript: store it (or stop before it when the output is full). */
export function lineHandedBack(a: Asm, l: LineLocals, scratch: number): void {
  const g = op.get;
  a.emit(g(l.nOut), g(l.capacity), op.geU).brIf('done');
  a.emit(g(l.nOut), op.i32(12), op.mul, op.i32(OUT_AT), op.add, op.set(scratch));
  a.emit(g(scratch), g(l.s), op.store32);
  a.emit(g(scratch), op.i32(4), op.add, g(l.e), op.store32);
  a.emit(g(scratch), op.i32(8), op.add, g(l.index), op.store32);
  a.emit(g(l.nOut), op.i32(1), op.add, op.set(l.nOut));
}

/** Close the loop (after the line's handling falls through to here) and return the candidates. */
export function lineLoopEnd(a: Asm, l: LineLocals): void {
  nextLine(a, l);
  a.close().close();
  const g = op.get;
  a.emit(
    op.i32(0),
    g(l.p),
    op.store32,
    op.i32(4),
    g(l.index),
    op.store32,
    op.i32(8),
    g(l.filtered),
    op.store32,
  );
  a.emit(g(l.nOut));
}

/** index + 1; p = after the LF, or `end` when the line ran to it; on to the next line */
function nextLine(a: Asm, l: LineLocals): void {
  const g = op.get;
  a.emit(g(l.index), op.i32(1), op.add, op.set(l.index));
  a.emit(g(l.lf), op.i32(1), op.add, g(l.end), g(l.lf), g(l.end), op.ltU, op.select, op.set(l.p));
  a.br('line');
}
