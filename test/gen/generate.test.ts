/**
 * `generate`: deterministic bytes, sample headers, the trading calendar (weekends, the 2024-10-06
 * AEST -> AEDT switch), gzip output, malformed-row injection, bounded simulation state and the
 * size estimate the benchmark relies on.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { NBBO_HEADER, ORDERS_HEADER, TRADES_HEADER } from '../../src/gen/csv-headers.js';
import { estimateBytesPerOrder, type GenOptions, type GenSummary, generate } from '../../src/gen/generate.js';
import { readTable } from './generated-files.js';

const SAMPLE = '../shared/fixtures/asx-sample';
const FILES = ['orders.csv', 'trades.csv', 'nbbo.csv'] as const;
const SMALL: Omit<GenOptions, 'outDir'> = { securities: 2, days: 5, ordersPerDay: 400, seed: 3 };

describe('generate', () => {
  let root: string;
  let plain: string;
  let plainSummary: GenSummary;
  const run = async (name: string, opts: Omit<GenOptions, 'outDir'>) => {
    const outDir = join(root, name);
    return { outDir, summary: await generate({ ...opts, outDir }) };
  };
  const bytes = (dir: string, file: string) => readFileSync(join(dir, file));

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'gen-'));
    ({ outDir: plain, summary: plainSummary } = await run('plain', SMALL));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes the same bytes for the same options and different ones for another seed', async () => {
    const progress: number[] = [];
    const again = await run('again', { ...SMALL, onProgress: (b) => progress.push(b) });
    const other = await run('other', { ...SMALL, seed: 4 });
    for (const f of FILES) {
      assert.ok(bytes(plain, f).equals(bytes(again.outDir, f)), `${f} is reproducible`);
      assert.ok(!bytes(plain, f).equals(bytes(other.outDir, f)), `${f} depends on the seed`);
    }
    assert.ok(progress.length > 0);
    assert.ok(progress.every((b, i) => i === 0 || b >= progress[i - 1]));
    assert.equal(
      progress[progress.length - 1],
      again.summary.files.reduce((sum, f) => sum + f.bytes, 0),
    );
    assert.deepEqual(again.summary, {
      ...plainSummary,
      files: plainSummary.files.map((f) => ({ ...f, path: f.path.replace(plain, again.outDir) })),
    });
  });

  it('uses the sample dumps headers', () => {
    const firstLine = (path: string) => readFileSync(path, 'latin1').split('\n', 1)[0];
    assert.equal(firstLine(join(plain, 'orders.csv')), ORDERS_HEADER);
    assert.equal(firstLine(join(plain, 'trades.csv')), TRADES_HEADER);
    assert.equal(firstLine(join(plain, 'nbbo.csv')), NBBO_HEADER);
    if (!existsSync(SAMPLE)) {
      console.log(`skipping the comparison with the real sample: ${SAMPLE} is absent`);
      return;
    }
    assert.equal(ORDERS_HEADER, firstLine(join(SAMPLE, 'orders_final_2024-09-05_110621.csv')));
    assert.equal(TRADES_HEADER, firstLine(join(SAMPLE, 'trades.csv')));
    assert.equal(NBBO_HEADER, firstLine(join(SAMPLE, 'nbbo.csv')));
  });

  it('summarises what it wrote', () => {
    for (const f of plainSummary.files) {
      const text = readFileSync(f.path, 'latin1');
      assert.equal(f.bytes, Buffer.byteLength(text, 'latin1'));
      // data rows = lines - 1 header
      assert.equal(f.rows, text.split('\n').length - 2);
      assert.equal(f.badRows, 0);
    }
    // 2 securities × 5 days × 400 orders per day
    assert.equal(plainSummary.orders, 4000);
    const trades = readTable(join(plain, 'trades.csv'));
    assert.equal(plainSummary.tradeLegs, trades.rows.length);
    assert.ok(plainSummary.sweeps > 0);
  });

  it('skips the weekend and times the open in local time on both sides of the DST switch', () => {
    const trades = readTable(join(plain, 'trades.csv'));
    const dates = [...new Set(trades.rows.map((t) => t.tradedate))].sort();
    // Tue 1 Oct 2024 + 5 trading days: Sat 5 and Sun 6 are skipped
    assert.deepEqual(dates, ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07']);
    // Security 110621 opens at 10:00:00 local. 2024-10-04 is day 20000 since epoch and AEST is
    // UTC+10, so 10:00 is 20000 × 86400 = 1728000000 s. 2024-10-07 is day 20003 and AEDT is UTC+11,
    // so 10:00 is 20003 × 86400 − 3600 = 1728255600 s.
    const openAt = { '2024-10-04': '1728000000000000000', '2024-10-07': '1728255600000000000' } as const;
    for (const [date, ts] of Object.entries(openAt)) {
      const auction = trades.rows.filter(
        (t) => t.securitycode === '110621' && t.tradedate === date && t.dealsource === '20',
      );
      assert.ok(auction.length > 0, `an opening auction on ${date}`);
      for (const leg of auction) assert.equal(leg.tradetime, ts);
    }
  });

  it('writes reproducible gzip that decompresses to the plain bytes, with no name and mtime 0', async () => {
    const gz = await run('gz', { ...SMALL, gzip: true });
    const gzAgain = await run('gz-again', { ...SMALL, gzip: true });
    for (const f of FILES) {
      assert.ok(
        bytes(gz.outDir, `${f}.gz`).equals(bytes(gzAgain.outDir, `${f}.gz`)),
        `${f}.gz is reproducible`,
      );
      const packed = bytes(gz.outDir, `${f}.gz`);
      assert.ok(gunzipSync(packed).equals(bytes(plain, f)), `${f}.gz`);
      // RFC 1952: byte 3 = flags (no FNAME), bytes 4..7 = mtime
      assert.equal(packed[3], 0);
      assert.equal(packed.readUInt32LE(4), 0);
    }
    assert.deepEqual(
      gz.summary.files.map((f) => [f.kind, f.rows, f.bytes]),
      plainSummary.files.map((f) => [f.kind, f.rows, f.bytes]),
    );
  });

  it('injects exactly badRows malformed rows and leaves the good rows untouched', async () => {
    const bad = await run('bad', { ...SMALL, badRows: 10 });
    assert.equal(bad.summary.badRows, 10);
    // half in orders, half in trades
    assert.deepEqual(
      bad.summary.files.map((f) => f.badRows),
      [5, 5, 0],
    );
    const cols = {
      'orders.csv': { id: 0, price: 4, side: 5, quantity: 8, width: 30 },
      'trades.csv': { id: 5, price: 12, side: 14, quantity: 13, width: 19 },
    } as const;
    for (const [file, c] of Object.entries(cols)) {
      const good = readFileSync(join(plain, file), 'latin1').split('\n');
      const withBad = readFileSync(join(bad.outDir, file), 'latin1').split('\n');
      const extra: string[] = [];
      let g = 0;
      for (const line of withBad) {
        if (line === good[g]) g++;
        else extra.push(line);
      }
      assert.equal(g, good.length, `${file}: every good line is still there, in order`);
      assert.equal(extra.length, 5);
      const reasons = extra.map((line) => {
        const f = line.split(',');
        if (f.length !== c.width) return 'field_count';
        if (!/^\d+$/.test(f[c.price])) return 'non_numeric_price';
        if (f[c.side] !== '1' && f[c.side] !== '2') return 'bad_side';
        if (Number(f[c.quantity]) < 0) return 'negative_quantity';
        if (BigInt(f[c.id]) >= 2n ** 64n) return 'id_overflow';
        return 'well-formed';
      });
      assert.equal(new Set(reasons).size, 5, `${file}: one of each kind, got ${reasons.join(' ')}`);
    }
  });

  it('still writes every malformed row when the run is too small to space them out', async () => {
    const tiny = await run('tiny', { securities: 1, days: 1, ordersPerDay: 2, badRows: 6 });
    assert.equal(tiny.summary.badRows, 6);
    const ordersText = readFileSync(join(tiny.outDir, 'orders.csv'), 'latin1');
    // header + good rows + 3 malformed, one line each
    assert.equal(ordersText.split('\n').length - 2, tiny.summary.files[0].rows);
  });

  it('keeps the simulation state flat as ordersPerDay grows', async () => {
    const small = await run('flat-small', { securities: 1, days: 1, ordersPerDay: 2000 });
    const large = await run('flat-large', { securities: 1, days: 1, ordersPerDay: 40_000 });
    // 20× the orders: queued events (live orders + a few per security) stay in the same range
    // and far below the day's 40,000 orders
    assert.equal(large.summary.orders, 40_000);
    assert.ok(
      large.summary.peakQueuedEvents < 2 * small.summary.peakQueuedEvents,
      `${large.summary.peakQueuedEvents} vs ${small.summary.peakQueuedEvents}`,
    );
    assert.ok(large.summary.peakQueuedEvents < 1000);
  });

  it('estimates bytes per order close to what a run writes', () => {
    const est = estimateBytesPerOrder({ ordersPerDay: SMALL.ordersPerDay });
    const per = (kind: string) =>
      (plainSummary.files.find((f) => f.kind === kind)?.bytes ?? 0) / plainSummary.orders;
    for (const kind of ['orders', 'trades'] as const) {
      const ratio = per(kind) / est[kind];
      assert.ok(ratio > 0.8 && ratio < 1.25, `${kind}: ${per(kind)} written vs ${est[kind]} estimated`);
    }
  });

  it('rejects nonsense options', async () => {
    await assert.rejects(generate({ outDir: join(root, 'x'), ordersPerDay: -1 }), /ordersPerDay/);
    await assert.rejects(generate({ outDir: join(root, 'x'), centrePointShare: 2 }), /centrePointShare/);
  });
});
