/**
 * BlockScanner: the WebAssembly orders pre-filter must settle a row only as the router's own
 * pre-filter (LineDecoder.peekUnsigned + the Centre Point mask) would, hand every other line to
 * the sink exactly as LineSplitter delivers it (bounds, stream offset, line index), and count the
 * lines of the block as LineSplitter does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRADES_HEADER } from '../../src/gen/csv-headers.js';
import { BlockScanner } from '../../src/ingest/block-scanner.js';
import { planColumns } from '../../src/ingest/header.js';
import { FILTERED, LineDecoder } from '../../src/ingest/line-decoder.js';
import { type LineSink, LineSplitter } from '../../src/ingest/line-splitter.js';
import { UniverseTable } from '../../src/ingest/universe-table.js';
import { splitBigint, TRADE } from '../../src/store/record-layout.js';
import { parseDate, TradingCalendar } from '../../src/time/trading-calendar.js';
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

type Reference = Outcome & { prefilteredLines: Set<string> };

/**
 * Cut `block` as LineSplitter does and sort its rows by `isFiltered` (the router's decision from
 * the line alone): filtered lines, and the lines the router keeps or rejects.
 */
function referenceOf(
  block: Buffer,
  isFiltered: (buf: Buffer, s: number, e: number, view: DataView) => boolean,
): Reference {
  const lines: string[] = [];
  const prefilteredLines = new Set<string>();
  let filtered = 0;
  const splitter = new LineSplitter(
    {
      line(buf, s, e, offset, index, view) {
        if (s === e) return;
        const key = `${s},${e},${offset},${index}`;
        if (isFiltered(buf, s, e, view)) {
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

/**
 * The kernel's outcome is the router's: the same line count; every line the router keeps or
 * rejects reaches it with the same bounds and numbers; what the kernel hands on beyond those is
 * only lines the router filters (the kernel left them undecided). Returns those extra lines.
 */
function assertSettlesAsRouter(got: Outcome, want: Reference, trial: number): string[] {
  assert.equal(got.lineCount, want.lineCount, 'line count');
  const gotSet = new Set(got.lines);
  for (const line of want.lines) assert.ok(gotSet.has(line), `line ${line} of trial ${trial} not handed on`);
  const extra = got.lines.filter((l) => !want.lines.includes(l));
  for (const line of extra) assert.ok(want.prefilteredLines.has(line), `line ${line} invented`);
  assert.equal(got.filtered + extra.length, want.filtered, 'filtered rows');
  return extra;
}

/** What the router's pre-filter does with the lines of `block`. */
function reference(block: Buffer): Reference {
  return referenceOf(block, (buf, s, e, view) => {
    const v = decoder.peekUnsigned(buf, view, s, e, FIELD);
    return v >= 0 && (v & MASK) === 0;
  });
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
      const extra = assertSettlesAsRouter(got, want, trial);
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

// ---------------------------------------------------------------- trades kernel

const tradesPlan = planColumns('trades', TRADES_HEADER, 'trades.csv', undefined);
const tradesDecoder = new LineDecoder(tradesPlan);
const calendar = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });
const DAY = parseDate('2024-10-02');
const TS = '1727830800000000000'; // 2024-10-02 11:00 AEST
const IDS = Array.from({ length: 40 }, (_, i) => 7_901_232_681_961_412_268n + BigInt(i) * 7919n);
const TRADE_SECURITIES = [110621, 5, 999_999_999];

/** The day's universe: every other id of IDS for the first two securities. */
function universeTable(): UniverseTable {
  const table = UniverseTable.sizedFor(100);
  IDS.forEach((id, i) => {
    if (i % 2 === 0) {
      const [high, low] = splitBigint(id);
      table.add(high, low, DAY, TRADE_SECURITIES[i % 4 === 0 ? 0 : 1]);
    }
  });
  return table;
}

/** Other days' universes: the other ids, for security 110621 (the kernel never sees them). Their
 * dates differ from DAY's in the day, the month or the year digits. */
const OTHER_DAYS = [parseDate('2024-10-03'), parseDate('2024-11-02'), parseDate('2025-10-02')];
function otherDayTables(): Map<number, UniverseTable> {
  const tables = new Map<number, UniverseTable>();
  for (const day of OTHER_DAYS) {
    const table = UniverseTable.sizedFor(100);
    IDS.forEach((id, i) => {
      if (i % 2 === 1) {
        const [high, low] = splitBigint(id);
        table.add(high, low, day, TRADE_SECURITIES[0]);
      }
    });
    tables.set(day, table);
  }
  return tables;
}

/** What the router does with each trade line: FILTERED lines, and the lines it keeps or rejects. */
function tradesReference(block: Buffer, table: UniverseTable, others = otherDayTables()): Reference {
  const out = new Float64Array(TRADE.SLOTS);
  const filter = {
    filtered(o: Float64Array, base: number): boolean {
      const date = o[base + TRADE.tradeDate];
      const day = Number.isNaN(date) ? calendar.tradingDay(o[base + TRADE.tsHigh]) : date;
      const t = day === DAY ? table : (others.get(day) ?? null);
      return (
        t === null || !t.has(o[base + TRADE.idHigh], o[base + TRADE.idLow], day, o[base + TRADE.securityCode])
      );
    },
  };
  return referenceOf(
    block,
    (buf, s, e, view) => tradesDecoder.decode(buf, view, s, e, out, 0, filter) === FILTERED,
  );
}

function randomTradeLine(r: () => number): string {
  const id = IDS[Math.floor(r() * IDS.length)];
  const fields = [
    '3',
    String(3_000_000 + Math.floor(r() * 1000)),
    r() < 0.7
      ? '2024-10-02'
      : r() < 0.5
        ? ['2024-10-03', '2024-11-02', '2025-10-02'][Math.floor(r() * 3)]
        : ['', '2024-1002', '2024-10-02x', '2024-10-021', '2024-10-02 ', '2024-10-0'][Math.floor(r() * 6)],
    r() < 0.9 ? TS : r() < 0.5 ? '9727830800000000000' : '1727830800',
    String(TRADE_SECURITIES[Math.floor(r() * 3)]),
    r() < 0.9 ? String(id) : r() < 0.5 ? '12345' : `0${id}`,
    '20',
    'Auction',
    'ON Market',
    String(id),
    '3765',
    '3775',
    '3770',
    '140',
    '1',
    'Buy',
    '42',
    '1',
    '1',
  ];
  const v = r();
  if (v < 0.04) fields[Math.floor(r() * 2)] = '"3"';
  else if (v < 0.06) fields[Math.floor(r() * 2)] = '3\r3';
  else if (v < 0.08) fields[Math.floor(r() * 2)] = 'a b';
  else if (v < 0.1) fields[2 + Math.floor(r() * 4)] = 'x';
  else if (v < 0.12) fields.length = Math.floor(r() * 7);
  else if (v < 0.13) fields[5] = `"${fields[5]}"`;
  else if (v < 0.15) fields[8] = '"ON, Market"';
  return fields.join(',');
}

function randomTradeBlock(r: () => number, lines: number): Buffer {
  let text = '';
  for (let i = 0; i < lines; i++) {
    const u = r();
    if (u < 0.03) text += '\n';
    else text += `${randomTradeLine(r)}${r() < 0.1 ? '\r\n' : '\n'}`;
  }
  if (r() < 0.3) text += randomTradeLine(r);
  return Buffer.from(text, 'latin1');
}

function tradesKernel(scanner: BlockScanner, block: Buffer, table: UniverseTable): Outcome {
  const lines: string[] = [];
  const r = scanner.scanTrades(block, OFFSET, tradesPlan, { day: DAY, table }, recorder(lines));
  assert.ok(r, 'the kernel serves the exchange layout');
  return { lines, filtered: r.filtered, lineCount: r.lines };
}

test('trades: settles rows exactly as the router would filter them, hands every other line on unchanged', () => {
  const r = rng(77);
  const table = universeTable();
  const scanners = [new BlockScanner(), new BlockScanner(1), new BlockScanner(5)];
  let decided = 0;
  let left = 0;
  for (let trial = 0; trial < 300; trial++) {
    const block = randomTradeBlock(r, Math.floor(r() * 50));
    const want = tradesReference(block, table);
    for (const scanner of scanners) {
      const got = tradesKernel(scanner, block, table);
      const extra = assertSettlesAsRouter(got, want, trial);
      decided += got.filtered;
      left += extra.length;
    }
  }
  assert.ok(decided > 2 * left, `${decided} decided, ${left} left`);
});

test('trades: plain rows of the day are settled by the kernel unless their order is in the universe', () => {
  const table = universeTable();
  const line = (i: number, sec: number) =>
    ['3', '3000001', '2024-10-02', TS, String(sec), String(IDS[i]), '20', 'Auction', 'ON Market', '1'].join(
      ',',
    );
  // ids 0 and 2 are universe orders of securities 110621 and 5; id 1 is not; id 0 of security 5 is not
  const lines = [line(0, 110621), line(1, 110621), line(2, 5), line(0, 5)];
  const block = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const got = tradesKernel(new BlockScanner(), block, table);
  assert.equal(got.filtered, 2);
  assert.deepEqual(
    got.lines.map((l) => Number(l.split(',')[3])),
    [0, 2],
  );
});

test('trades: the kernel does not serve a layout with other parsed columns before the filter columns', () => {
  const plan = planColumns(
    'trades',
    'tradeprice,orderid,tradetime,securitycode,quantity,side,tradedate',
    'x',
    undefined,
  );
  const got = new BlockScanner().scanTrades(
    Buffer.from('1,2,3\n'),
    0,
    plan,
    { day: DAY, table: universeTable() },
    recorder([]),
  );
  assert.equal(got, null);
  assert.equal(
    new BlockScanner().scanTrades(Buffer.from('1\n'), 0, tradesPlan, null, recorder([])),
    null,
    'no day looked in yet',
  );
});
