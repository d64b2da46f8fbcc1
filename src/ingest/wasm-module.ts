/**
 * Just enough of the WebAssembly binary format to build a module of one exported function and one
 * exported memory from hand-written instructions (https://webassembly.github.io/spec/core/binary/).
 * sweepscope writes its few SIMD kernels this way so that no compiler toolchain is needed to
 * build or install it, and nothing generated is committed: the bytes are made at start-up.
 */

export type Bytes = readonly number[];

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

/** unsigned LEB128 */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** signed LEB128 of a 32-bit integer */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: Bytes): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: Bytes[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

export interface FunctionSpec {
  params: number[];
  results: number[];
  /** types of the locals after the params, in index order */
  locals: number[];
  /** the body's instructions, without the final `end` */
  body: Bytes;
}

/**
 * A module with one exported function `exportName` and a memory of `pages` 64 KiB pages (growable):
 * its own, exported as `memory`, or with `importMemory` the one passed as imports.env.memory.
 */
export function moduleBytes(
  fn: FunctionSpec,
  exportName: string,
  pages: number,
  importMemory = false,
): Uint8Array {
  const type = [0x60, ...vec(fn.params.map((t) => [t])), ...vec(fn.results.map((t) => [t]))];
  // locals are run-length encoded: consecutive equal types share an entry
  const runs: number[][] = [];
  for (const t of fn.locals) {
    const last = runs.at(-1);
    if (last && last[1] === t) last[0]++;
    else runs.push([1, t]);
  }
  const code = [...vec(runs.map(([n, t]) => [...uleb(n), t])), ...fn.body, 0x0b];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([type])),
    ...(importMemory
      ? section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(pages)]]))
      : []),
    ...section(3, vec([uleb(0)])),
    ...(importMemory ? [] : section(5, vec([[0x00, ...uleb(pages)]]))),
    ...section(
      7,
      vec(
        importMemory
          ? [[...name(exportName), 0x00, 0x00]]
          : [
              [...name('memory'), 0x02, 0x00],
              [...name(exportName), 0x00, 0x00],
            ],
      ),
    ),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

// Instructions. Block types are always empty (0x40): values pass through locals.
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  select: [0x1b],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  /** i32.load / i32.store with offset 0, alignment 4 */
  load32: [0x28, 0x02, 0x00],
  store32: [0x36, 0x02, 0x00],
  load8u: [0x2d, 0x00, 0x00],
  /** i32.load16_u, offset 0, alignment 1 */
  load16u: [0x2f, 0x00, 0x00],
  i32: (n: number) => [0x41, ...sleb(n)],
  eqz: [0x45],
  eq: [0x46],
  ne: [0x47],
  ltU: [0x49],
  gtU: [0x4b],
  leU: [0x4d],
  geU: [0x4f],
  ctz: [0x68],
  popcnt: [0x69],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  and: [0x71],
  or: [0x72],
  xor: [0x73],
  shl: [0x74],
  shrU: [0x76],
  wrapI64: [0xa7],
  extendI32U: [0xad],
  i64: (n: number) => [0x42, ...sleb(n)],
  i64Add: [0x7c],
  i64Mul: [0x7e],
  i64ShrU: [0x88],
  /** v128.load, offset 0, alignment 1 (any address) */
  v128Load: [0xfd, ...uleb(0), 0x00, 0x00],
  /** v128.const with every byte = b */
  splat8: (b: number) => [0xfd, ...uleb(12), ...new Array<number>(16).fill(b & 0xff)],
  i8x16Eq: [0xfd, ...uleb(35)],
  i8x16LtU: [0xfd, ...uleb(38)],
  i8x16GtU: [0xfd, ...uleb(40)],
  v128Or: [0xfd, ...uleb(80)],
  i8x16Bitmask: [0xfd, ...uleb(100)],
} as const;

/** Instructions with named labels: br(name) works out the depth. */
export class Asm {
  readonly code: number[] = [];
  private readonly labels: (string | null)[] = [];

  emit(...parts: (readonly number[])[]): this {
    for (const p of parts) this.code.push(...p);
    return this;
  }
  open(kind: readonly number[], label: string | null = null): this {
    this.labels.push(label);
    return this.emit(kind);
  }
  close(): this {
    this.labels.pop();
    return this.emit(op.end);
  }
  else(): this {
    return this.emit(op.else);
  }
  private depth(label: string): number {
    const i = this.labels.lastIndexOf(label);
    if (i < 0) throw new Error(`no label ${label}`);
    return this.labels.length - 1 - i;
  }
  br(label: string): this {
    return this.emit(op.br(this.depth(label)));
  }
  brIf(label: string): this {
    return this.emit(op.brIf(this.depth(label)));
  }
}
