/**
 * BlockScanner: the WebAssembly orders pre-filter must settle a row only as the router's own
 * pre-filter (LineDecoder.peekUnsigned + the Centre Point mask) would, hand every other line to
 * the sink exactly as LineSplitter delivers it (bounds, stream offset, line index), and count the
 * lines of the block as LineSplitter does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockScanner } from '../../src/ingest/block-scanner.js';
import { planColumns } from '../../src/ingest/header.js';
import { LineDecoder } from '../../src/ingest/line-decoder.js';
import { type LineSink, LineSplitter } from '../../src/ingest/line-splitter.js';
import { ORDERS_HEADER } from './fixtures.js';
import { rng } from './reference-model.js';

const decoder = new LineDecoder(planColumns('orders', ORDERS_HEADER, 'orders.csv', undefined));
const FIELD = decoder.fieldOf('order_type');
// 64 | 2048 | 4096: the Centre Point bits
const MASK = 6208;
const OFFSET = 1_000_003;

interface Outcome {
  /** "s,e,offset,index" of the lines given to the sink */
  lines: string[];
  filtered: number;
  lineCount: number;
}

function recorder(into: string[]): LineSink {
  return {
    line: (_buf, s, e, offset, index) => into.push(`${s},${e},${offset},${index}`),
    overlong: () => assert.fail('no line is overlong here'),
  };
}

/** What the router's pre-filter does with the lines LineSplitter cuts from `block`. */
function reference(block: Buffer): Outcome & { prefilteredLines: Set<string> } {
  const lines: string[] = [];
  const prefilteredLines = new Set<string>();
  let filtered = 0;
  const splitter = new LineSplitter(
    {
      line(buf, s, e, offset, index, view) {
        if (s === e) return;
        const key = `${s},${e},${offset},${index}`;
        const v = decoder.peekUnsigned(buf, view, s, e, FIELD);
        if (v >= 0 && (v & MASK) === 0) {
          filtered++;
          prefilteredLines.add(key);
        } else lines.push(key);
      },
      overlong: () => assert.fail('no line is overlong here'),
    },
    block,
    OFFSET,
    false,
    Number.POSITIVE_INFINITY,
    1 << 26,
  );
  splitter.commit(block.length);
  splitter.end();
  return { lines, filtered, lineCount: splitter.lineCount, prefilteredLines };
}

function kernel(scanner: BlockScanner, block: Buffer): Outcome {
  const lines: string[] = [];
  const r = scanner.scanOrders(block, OFFSET, FIELD, MASK, recorder(lines));
  return { lines, filtered: r.filtered, lineCount: r.lines };
}

const PLAIN_FIELDS = ['7', '1725499800000000000', '110621', '3330', '1', '100', '100', '0'];
const AFTER = ['9', '11', '6', '3340', '3345', '0', '2'];

/** A random order row: mostly plain, sometimes with the defects and oddities the kernel must leave. */
function randomLine(r: () => number): string {
  const before = PLAIN_FIELDS.map((f) => (r() < 0.3 ? f.slice(0, 1 + Math.floor(r() * f.length)) : f));
  const types = [
    '1',
    '2',
    '64',
    '2048',
    '2050',
    '4098',
    '66',
    '0',
    '00001',
    '123456789',
    '1234567890',
    '4294967296',
  ];
  let orderType = types[Math.floor(r() * types.length)];
  const u = r();
  if (u < 0.04) orderType = `"${orderType}"`;
  else if (u < 0.06) orderType = '';
  else if (u < 0.08) orderType = `${orderType}x`;
  else if (u < 0.1) orderType = `-${orderType}`;
  const fields = [...before, orderType, ...AFTER];
  const v = r();
  if (v < 0.03) fields[Math.floor(r() * 8)] = '"a,b"';
  else if (v < 0.05) fields[Math.floor(r() * 8)] = 'a b';
  else if (v < 0.06) fields[Math.floor(r() * 8)] = 'a\tb';
  else if (v < 0.07) fields[Math.floor(r() * fields.length)] = 'a\rb';
  else if (v < 0.09) fields[9 + Math.floor(r() * 6)] = 'Rest of Day';
  else if (v < 0.11) fields.length = Math.floor(r() * 10);
  else if (v < 0.12) fields.splice(0, 8, 'x'.repeat(Math.floor(r() * 40)));
  return fields.join(',');
}

function randomBlock(r: () => number, lines: number): Buffer {
  let text = '';
  for (let i = 0; i < lines; i++) {
    const u = r();
    if (u < 0.03) text += '\n';
    else if (u < 0.05) text += '\r\n';
    else text += `${randomLine(r)}${r() < 0.1 ? '\r\n' : '\n'}`;
  }
  // the last line of a file may have no LF, or end in a lone CR
  if (r() < 0.3) text += randomLine(r);
  else if (r() < 0.1) text += '\r';
  return Buffer.from(text, 'latin1');
}

test('settles rows exactly as the router pre-filter would and hands every other line on unchanged', () => {
  const r = rng(4242);
  const scanners = [new BlockScanner(), new BlockScanner(1), new BlockScanner(7)];
  let decidedByKernel = 0;
  let leftToRouter = 0;
  for (let trial = 0; trial < 400; trial++) {
    const block = randomBlock(r, Math.floor(r() * 60));
    const want = reference(block);
    for (const scanner of scanners) {
      const got = kernel(scanner, block);
      assert.equal(got.lineCount, want.lineCount, 'line count');
      // every line the router would keep or reject reaches it, with the same bounds and numbers
      const gotSet = new Set(got.lines);
      for (const line of want.lines)
        assert.ok(gotSet.has(line), `line ${line} of trial ${trial} not handed on`);
      // what the kernel adds is only lines the router's pre-filter filters (it left them undecided)
      const extra = got.lines.filter((l) => !want.lines.includes(l));
      for (const line of extra) assert.ok(want.prefilteredLines.has(line), `line ${line} invented`);
      assert.equal(got.filtered + extra.length, want.filtered, 'filtered rows');
      assert.deepEqual(
        got.lines,
        [...got.lines].sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0])),
        'lines in order',
      );
      decidedByKernel += got.filtered;
      leftToRouter += extra.length;
    }
  }
  // the kernel does the work: most filtered rows never reach JavaScript (here ~1 in 4 does: the
  // mix above is rich in what the kernel leaves alone; plain rows are all its own, test below)
  assert.ok(decidedByKernel > 2 * leftToRouter, `${decidedByKernel} decided, ${leftToRouter} left`);
});

test('plain rows are all settled by the kernel: only Centre Point rows reach the router', () => {
  const lines = ['1', '2048', '64', '2', '4098', '0', '66'].map((t) =>
    [...PLAIN_FIELDS, t, ...AFTER].join(','),
  );
  const block = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const got = kernel(new BlockScanner(), block);
  assert.equal(got.filtered, 3, '1, 2 and 0 have no Centre Point bit');
  assert.equal(got.lineCount, 7);
  const starts = [0];
  for (const l of lines) starts.push(starts.at(-1)! + l.length + 1);
  assert.deepEqual(
    got.lines,
    [1, 2, 4, 6].map((i) => `${starts[i]},${starts[i] + lines[i].length},${OFFSET + starts[i]},${i}`),
  );
});

test('order_type of 9 digits is read; 10 digits or a line ending early is left to the router', () => {
  const line = (t: string) => [...PLAIN_FIELDS, t].join(',');
  // 2^32 has no Centre Point bit in its low 32 bits: the router filters it, the kernel leaves it
  const block = Buffer.from(
    `${line('100000001')}\n${line('4294967296')}\n${PLAIN_FIELDS.join(',')}\n`,
    'latin1',
  );
  const got = kernel(new BlockScanner(), block);
  assert.equal(got.filtered, 1);
  assert.deepEqual(
    got.lines.map((l) => Number(l.split(',')[3])),
    [1, 2],
  );
});

test('blocks bigger than the memory so far, then smaller ones, scan the same as alone', () => {
  const r = rng(99);
  const big = randomBlock(r, 40_000);
  const small = randomBlock(r, 50);
  assert.ok(big.length > 2 * 1024 * 1024);
  const scanner = new BlockScanner();
  const fresh = (b: Buffer) => kernel(new BlockScanner(), b);
  assert.deepEqual(kernel(scanner, small), fresh(small));
  assert.deepEqual(kernel(scanner, big), fresh(big));
  assert.deepEqual(kernel(scanner, small), fresh(small));
  const want = reference(big);
  assert.equal(kernel(scanner, big).lineCount, want.lineCount);
});

test('scanLines delivers every line as LineSplitter does', () => {
  const r = rng(5);
  const block = randomBlock(r, 300);
  const got: string[] = [];
  const n = new BlockScanner().scanLines(block, OFFSET, recorder(got));
  const want: string[] = [];
  const splitter = new LineSplitter(recorder(want), block, OFFSET, false, Number.POSITIVE_INFINITY, 1 << 26);
  splitter.commit(block.length);
  splitter.end();
  assert.deepEqual(got, want);
  assert.equal(n, splitter.lineCount);
});

test('a bad output capacity is refused', () => {
  assert.throws(() => new BlockScanner(0), /outCapacity 0/);
  assert.throws(() => new BlockScanner(1e9), /outCapacity/);
});
