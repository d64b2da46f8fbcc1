/**
 * Where a scan worker scans a block of decompressed .gz data: a copy of the block in the worker's
 * own WebAssembly memory, with the orders pre-filter over the whole block in WebAssembly SIMD.
 *
 * Why a copy: the main thread inflates into SharedArrayBuffer blocks, and Buffer.indexOf, which
 * finds every line end, costs ~2-3x more per call on shared memory than on an ordinary buffer
 * (34-60 against 16-23 ns a line, measured on the orders file). Copying runs at ~20 GB/s, well
 * under a nanosecond a line, and lets the kernel below read the block too.
 *
 * The orders pre-filter: most order events are not Centre Point, and their rows are settled by one
 * field, order_type (row-router.ts). In JavaScript each such row still costs a native indexOf for
 * its line end and a 4-bytes-at-a-time walk to order_type (~130 ns a row on one thread; ~40 ns
 * here). The kernel does both sixteen bytes at a time and never returns to JavaScript for such a
 * row: it cuts the block into lines (LF; a CR before it and blank lines as LineSplitter treats
 * them), and for each line whose order_type it can read it applies the Centre Point mask itself.
 * Every other line goes to the router unchanged, with its line index and stream offset, and is
 * decided exactly as before.
 *
 * The kernel decides a row only when the fields before order_type hold no byte below '-' other
 * than their commas (so no quote, CR, space or tab: the ones whose meaning the careful byte loop
 * owns) and order_type is 1-9 plain digits ending at a comma or at the line end. Then the row's
 * fate is the one LineDecoder.peekUnsigned gives it (the same field start, the same value), so a
 * row is FILTERED here exactly when the router would filter it. Everything else, rows with Centre
 * Point bits included, is the router's.
 */
import { formatDate } from '../time/trading-calendar.js';
import { scanBlock } from './chunk-reader.js';
import type { ColumnPlan } from './header.js';
import {
  LINE_LOCALS,
  lineFiltered,
  lineHandedBack,
  lineLocals,
  lineLoopEnd,
  lineLoopStart,
  OUT_AT,
} from './line-kernel.js';
import type { LineSink } from './line-splitter.js';
import { type TradesScanFn, tradesKernelApplies, tradesKernelModule } from './trades-kernel.js';
import type { UniverseTable } from './universe-table.js';
import { Asm, I32, moduleBytes, op, V128 } from './wasm-module.js';
import { wordViewOf } from './word-scan.js';

const PAGE = 65536;
/** candidate lines returned per kernel call (s, e, line index: 12 bytes each) */
const OUT_CAPACITY = 16 * 1024;
/** memory: [0, 16) state words (p, line index, filtered count), then the candidates
 * (line-kernel.ts OUT_AT), then the data */
const DATA_AT = 256 * 1024;
/** a 16-byte load may start at the last data byte */
const PAD = 16;
const GROW_SPARE = 2 * 1024 * 1024;
const INITIAL_PAGES = Math.ceil((DATA_AT + PAD) / PAGE);

const COMMA = 44;
const DASH = 45;
const ZERO = 48;

// locals: params first
const END = 0;
const FIELD = 1;
const MASK = 2;
const CAP = 3;
/** the line loop's locals (line-kernel.ts), then this kernel's own */
const L = lineLocals(END, CAP, 4);
const { s: S, e: E, q: Q, m: M } = L;
const LEFT = 4 + LINE_LOCALS;
const V = LEFT + 1;
const D0 = LEFT + 2;
const C = LEFT + 3;
const SP = LEFT + 4;
const MO = LEFT + 5;
/** the one v128 local, after the i32 ones */
const VV = LEFT + 6;

/**
 * scan(end, field, mask, capacity) -> candidates written. Reads p, line index and filtered count
 * from state words 0-2 and writes them back; stops at `end` or before a candidate that would not
 * fit (that line is then the first of the next call).
 */
function kernel(): number[] {
  const a = new Asm();
  const g = op.get;
  const set = op.set;
  const l = L;
  lineLoopStart(a, l);
  // a blank line is no row; any other is settled here or handed back
  a.emit(g(E), g(S), op.ne).open(op.if);
  a.open(op.block, 'undecided');
  // skip `field` commas, sixteen bytes at a time
  a.emit(g(S), set(Q), g(FIELD), set(LEFT));
  a.open(op.block, 'at');
  a.emit(g(LEFT), op.eqz).brIf('at');
  a.open(op.loop, 'chunk');
  a.emit(g(Q), g(E), op.geU).brIf('undecided');
  a.emit(g(Q), op.v128Load, set(VV));
  a.emit(g(VV), op.splat8(COMMA), op.i8x16Eq, op.i8x16Bitmask, op.tee(M), set(MO));
  a.emit(g(VV), op.splat8(DASH), op.i8x16LtU, op.i8x16Bitmask, set(SP));
  // only the bytes before e count
  a.emit(g(E), g(Q), op.sub, op.i32(16), op.ltU).open(op.if);
  a.emit(op.i32(1), g(E), g(Q), op.sub, op.shl, op.i32(1), op.sub, set(D0));
  a.emit(g(M), g(D0), op.and, op.tee(M), set(MO), g(SP), g(D0), op.and, set(SP));
  a.close();
  a.emit(g(M), op.popcnt, g(LEFT), op.geU).open(op.if);
  // the left-th comma of this chunk: drop the first left-1, take the lowest left
  a.open(op.block, 'cleared').open(op.loop, 'clear');
  a.emit(g(LEFT), op.i32(1), op.leU).brIf('cleared');
  a.emit(g(M), g(M), op.i32(1), op.sub, op.and, set(M));
  a.emit(g(LEFT), op.i32(1), op.sub, set(LEFT)).br('clear');
  a.close().close();
  a.emit(g(M), op.ctz, set(D0));
  // every byte below '-' up to that comma must be a comma
  a.emit(op.i32(2), g(D0), op.shl, op.i32(1), op.sub, set(C));
  a.emit(g(SP), g(C), op.and, g(MO), g(C), op.and, op.ne).brIf('undecided');
  a.emit(g(Q), g(D0), op.add, op.i32(1), op.add, set(Q)).br('at');
  a.close();
  a.emit(g(M), g(SP), op.ne).brIf('undecided');
  a.emit(g(LEFT), g(M), op.popcnt, op.sub, set(LEFT));
  a.emit(g(Q), op.i32(16), op.add, set(Q)).br('chunk');
  a.close(); // loop chunk
  a.close(); // block at
  // order_type: 1-9 plain digits, then a comma or the line end
  a.emit(op.i32(0), set(V), g(Q), set(D0));
  a.open(op.block, 'digits').open(op.loop, 'digit');
  a.emit(g(Q), g(E), op.geU).brIf('digits');
  a.emit(g(Q), op.load8u, op.i32(ZERO), op.sub, op.tee(C), op.i32(9), op.gtU).brIf('digits');
  a.emit(g(V), op.i32(10), op.mul, g(C), op.add, set(V));
  a.emit(g(Q), op.i32(1), op.add, op.tee(Q), g(D0), op.sub, op.i32(9), op.gtU).brIf('undecided');
  a.br('digit');
  a.close().close();
  a.emit(g(Q), g(D0), op.eq).brIf('undecided');
  a.emit(g(Q), g(E), op.ltU).open(op.if);
  a.emit(g(Q), op.load8u, op.i32(COMMA), op.ne).brIf('undecided');
  a.close();
  // Centre Point bits: the router's row
  a.emit(g(V), g(MASK), op.and).brIf('undecided');
  lineFiltered(a, l);
  a.close(); // block undecided
  lineHandedBack(a, l, D0);
  a.close(); // if not blank
  lineLoopEnd(a, l);
  return a.code;
}

type ScanFn = (end: number, field: number, mask: number, capacity: number) => number;

let compiled: WebAssembly.Module | null = null;

function compiledKernel(): WebAssembly.Module {
  if (compiled === null) {
    compiled = new WebAssembly.Module(
      moduleBytes(
        {
          params: [I32, I32, I32, I32],
          results: [I32],
          locals: [...new Array<number>(VV - L.p).fill(I32), V128],
          body: kernel(),
        },
        'scan',
        INITIAL_PAGES,
      ),
    );
  }
  return compiled;
}

export interface BlockPrefilterResult {
  /** lines of the block (blank ones included), for line-number fix-up */
  lines: number;
  /** rows the kernel filtered out (the sink never saw them) */
  filtered: number;
}

/** One per worker: its memory grows to the largest block it has scanned. */
export class BlockScanner {
  private readonly memory: WebAssembly.Memory;
  private readonly scanFn: ScanFn;
  private words: Int32Array;
  /** trades kernels by column plan, sharing this memory */
  private readonly tradesKernels = new Map<string, TradesScanFn>();

  /** `outCapacity`: candidate lines per kernel call (tests make it small) */
  constructor(private readonly outCapacity = OUT_CAPACITY) {
    if (!(outCapacity >= 1 && outCapacity <= OUT_CAPACITY))
      throw new RangeError(`outCapacity ${outCapacity}`);
    const instance = new WebAssembly.Instance(compiledKernel());
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.scanFn = instance.exports.scan as ScanFn;
    this.words = new Int32Array(this.memory.buffer);
  }

  /** Every line of `block` (first byte at stream offset `offset`) to sink.line; returns the line count. */
  scanLines(block: Uint8Array, offset: number, sink: LineSink): number {
    return scanBlock(this.load(block), offset, sink).lines;
  }

  /**
   * The lines of `block` (first byte at stream offset `offset`): rows whose order_type (physical
   * field `field`) is read here and has no bit of `mask` are only counted; every other line goes
   * to sink.line as LineSplitter would deliver it.
   */
  scanOrders(
    block: Uint8Array,
    offset: number,
    field: number,
    mask: number,
    sink: LineSink,
  ): BlockPrefilterResult {
    return this.drain(this.load(block), offset, sink, (end) =>
      this.scanFn(end, field, mask | 0, this.outCapacity),
    );
  }

  /**
   * The trades of `block` (first byte at stream offset `offset`, columns as `plan`): rows of
   * trading day `current.day` that the trades kernel (trades-kernel.ts) rules out of that day's
   * universe table are only counted; every other line goes to sink.line as LineSplitter would
   * deliver it. Null when the kernel cannot serve (a plan it does not take, or no day yet: pass
   * UniverseDayCache.current): then nothing was scanned and the caller uses scanLines.
   */
  scanTrades(
    block: Uint8Array,
    offset: number,
    plan: ColumnPlan,
    current: { day: number; table: UniverseTable } | null,
    sink: LineSink,
  ): BlockPrefilterResult | null {
    if (current === null || !tradesKernelApplies(plan)) return null;
    const key = `${plan.fieldCount}:${plan.filterField}:${plan.types.join(',')}:${plan.names.join(',')}`;
    let scanFn = this.tradesKernels.get(key);
    if (scanFn === undefined) {
      const instance = new WebAssembly.Instance(tradesKernelModule(plan, INITIAL_PAGES), {
        env: { memory: this.memory },
      });
      scanFn = instance.exports.scan as TradesScanFn;
      this.tradesKernels.set(key, scanFn);
    }
    const { words: filter, shift } = current.table.filterRaw;
    // the day's filter goes right after the block (and the padding its last line may be read into)
    const filterAt = (DATA_AT + block.length + PAD + 3) & ~3;
    const data = this.load(block, filterAt - DATA_AT - block.length + filter.byteLength);
    new Uint32Array(this.memory.buffer, filterAt, filter.length).set(filter);
    const date = Buffer.from(formatDate(current.day), 'latin1');
    const [date0, date4, date8] = [date.readInt32LE(0), date.readInt32LE(4), date.readUInt16LE(8)];
    return this.drain(data, offset, sink, (end) =>
      scanFn(end, this.outCapacity, current.day, date0, date4, date8, filterAt, shift),
    );
  }

  /**
   * Run a kernel over the block in memory until it has passed every line, handing the lines it
   * returns to the sink after each call (at most outCapacity a call).
   */
  private drain(
    data: Buffer,
    offset: number,
    sink: LineSink,
    kernel: (end: number) => number,
  ): BlockPrefilterResult {
    const view = wordViewOf(data);
    const words = this.words;
    const end = DATA_AT + data.length;
    words[0] = DATA_AT;
    words[1] = 0;
    words[2] = 0;
    for (;;) {
      const n = kernel(end);
      for (let k = 0, o = OUT_AT / 4; k < n; k++, o += 3) {
        const s = words[o] - DATA_AT;
        sink.line(data, s, words[o + 1] - DATA_AT, offset + s, words[o + 2], view);
      }
      if (words[0] >= end) break;
    }
    return { lines: words[1], filtered: words[2] };
  }

  /** The block copied into this scanner's memory (valid until the next load), with `after`
   * more bytes of room behind it. */
  private load(block: Uint8Array, after = PAD): Buffer {
    const need = DATA_AT + block.length + Math.max(PAD, after);
    if (this.memory.buffer.byteLength < need) {
      // with room for the next block being a little bigger (blocks end at line ends): growing
      // for every slightly bigger block would touch fresh pages each time, slow on some VMs
      this.memory.grow(Math.ceil((need + GROW_SPARE - this.memory.buffer.byteLength) / PAGE));
      this.words = new Int32Array(this.memory.buffer);
    }
    const data = Buffer.from(this.memory.buffer, DATA_AT, block.length);
    data.set(block);
    return data;
  }
}
