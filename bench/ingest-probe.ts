/**
 * Quick throughput probe of the ingest (not the project benchmark): generates a synthetic orders
 * CSV shaped like the ASX sample (30 columns, ~170 bytes a row) into a temp folder, ingests it
 * end to end with the configured workers, and prints MB/s and peak RSS; with --trades also a trades
 * file of the same size whose legs reference those orders (the universe lookup path); with --gz
 * also a gzip copy of the orders, compared with zlib gunzip alone.
 *
 *   node dist/bench/ingest-probe.js [--mb 300] [--workers 2] [--trades] [--gz] [--keep DIR]
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { ingestTuned } from '../src/ingest/ingest.js';
import { testConfig } from '../test/ingest/fixtures.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const targetMb = Number(arg('mb', '300'));
const workers = Number(arg('workers', '2'));
const withGz = args.includes('--gz');
const withTrades = args.includes('--trades');
const dir = arg('keep', join(tmpdir(), 'sweepscope-ingest-probe'));
mkdirSync(dir, { recursive: true });

const HEADER =
  'order_id,exchange,timestamp,security_code,price,side,changereason,orderstatus,quantity,leavesquantity,ordertype,exchangeordertype,national_bid,national_offer,bid,offer,participantid,preferenceonly,midtick,singlefillminimumquantity,minimumquantity,sequence,crossingkey,totalmatchedquantity,shortsellquantity,triggercondition,timevaliditydecoded,row_num,timevalidity,date';
const TYPES = [1, 1, 1, 2048, 64, 4096, 2050, 1, 256, 1];
const TRADES_HEADER =
  'EXCHANGE,sequence,tradedate,tradetime,securitycode,orderid,dealsource,dealsourcedecoded,exchangeinfo,matchgroupid,nationalbidpricesnapshot,nationalofferpricesnapshot,tradeprice,quantity,side,sidedecoded,participantid,passiveaggressive,row_num';

function lcg(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % n;
  };
}

const orderId = (row: number) => `79012326${String(8_000_000_000 + row).padStart(11, '0')}`;

async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  let written = 0;
  const rnd = lcg(12345);
  let row = 0;
  const day0 = 1725494400; // 2024-09-05 00:00 UTC
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++, row++) {
      const id = orderId(row);
      const ts = `${day0 + rnd(20) * 86400 + rnd(30000)}${String(rnd(1e9)).padStart(9, '0')}`;
      const sec = 110000 + rnd(200);
      const q = 1 + rnd(5000);
      lines.push(
        `${id},3,${ts},${sec},${3000 + rnd(500)},${1 + rnd(2)},${rnd(31)},1,${q},${rnd(q)},1,${TYPES[rnd(10)]},3330,3345,3330,3345,${rnd(100)},0,2,0,0,${row},0,${rnd(q)},0,0,Current Max,${row},1536,2024-09-05`,
      );
    }
    const chunk = `${lines.join('\n')}\n`;
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

/** Trade legs of random earlier orders; the order rows are regenerated with the same sequence. */
async function generateTrades(path: string, bytes: number, orderRows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${TRADES_HEADER}\n`);
  const rnd = lcg(777);
  let written = 0;
  let row = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++, row++) {
      const ts = `${1725494400 + rnd(20) * 86400 + rnd(30000)}${String(rnd(1e9)).padStart(9, '0')}`;
      lines.push(
        `3,${row},,${ts},${110000 + rnd(200)},${orderId(rnd(orderRows))},1,Lit,ON Market,${orderId(row)},3330,3345,3340,${1 + rnd(500)},${1 + rnd(2)},Buy,${rnd(100)},0,${row}`,
      );
    }
    const chunk = `${lines.join('\n')}\n`;
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

async function probe(label: string, path: string, trades: string[] = []): Promise<void> {
  const config = testConfig(dir, {
    inputs: { orders: [path], trades, nbbo: [] },
  });
  config.processing.maxWorkers = workers;
  config.processing.chunkSizeMb = 16;
  config.processing.memoryMb = 512;
  config.processing.tempDir = join(dir, 'stores');
  const t0 = performance.now();
  const r = await ingestTuned(config, { force: true }, {});
  const s = (performance.now() - t0) / 1000;
  const size = [path, ...trades].reduce((sum, p) => sum + statSync(p).size, 0);
  const rows = r.manifest.inputs.reduce((a, f) => a + f.rows_read, 0);
  const used = r.manifest.inputs.reduce((a, f) => a + f.rows_used, 0);
  console.log(
    `${label}: ${(size / 1e6).toFixed(0)} MB in ${s.toFixed(2)} s = ${(size / 1e6 / s).toFixed(0)} MB/s, ` +
      `${rows} rows (${used} kept, ${r.manifest.partitions.length} partitions), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  console.log(`  phases: ${r.manifest.phases.map((p) => `${p.name} ${p.seconds.toFixed(2)} s`).join(', ')}`);
  rmSync(r.storeDir, { recursive: true, force: true });
}

const csv = join(dir, `orders-${targetMb}mb.csv`);
if (!existsSync(csv)) await generate(csv, targetMb * 1e6);
await probe(`plain, ${workers} workers`, csv);
if (withTrades) {
  const trades = join(dir, `trades-${targetMb}mb.csv`);
  if (!existsSync(trades)) await generateTrades(trades, targetMb * 1e6, Math.floor((targetMb * 1e6) / 160));
  await probe(`plain orders + trades, ${workers} workers`, csv, [trades]);
}
if (withGz) {
  const gz = `${csv}.gz`;
  if (!existsSync(gz)) await pipeline(createReadStream(csv), createGzip({ level: 6 }), createWriteStream(gz));
  // the ingest first, so its peak RSS is not the gunzip run's garbage
  const t1 = performance.now();
  await probe('gz', gz);
  const s1 = (performance.now() - t1) / 1000;
  const t0 = performance.now();
  let n = 0;
  await pipeline(
    createReadStream(gz, { highWaterMark: 1 << 20 }),
    createGunzip({ chunkSize: 256 * 1024 }),
    async (src) => {
      for await (const c of src) n += (c as Buffer).length;
    },
  );
  const s = (performance.now() - t0) / 1000;
  console.log(
    `gunzip alone: ${(n / 1e6).toFixed(0)} MB decompressed in ${s.toFixed(2)} s = ${(n / 1e6 / s).toFixed(0)} MB/s`,
  );
  console.log(
    `gz ingest: ${(n / 1e6 / s1).toFixed(0)} MB/s of decompressed data (${((s / s1) * 100).toFixed(0)}% of gunzip alone)`,
  );
}
