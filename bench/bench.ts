/**
 * `npm run bench`: throughput and memory of every phase on generated data (never in a test).
 *
 *   npm run bench                 # the full set: 1x (~2 GB orders + ~1 GB trades), 4x, .gz, jobs, 10,000 partitions
 *   npm run bench -- --quick      # a ~1/10 scale smoke run of the same steps
 *   npm run bench -- --only ingest,gz
 *
 * Data is generated once into .bench/ (git-ignored) and reused while the generator options are
 * the same. Before each measured step the inputs are read once so the page cache is warm (said
 * in the output): the figures are CPU-bound ingest speed, not disk speed. Every step runs in its
 * own process (bench-step.ts) so its peak RSS is its own; the "tree" peak adds the largest job
 * child process reported in run.json.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { estimateBytesPerOrder, type GenOptions, generate } from '../src/gen/generate.js';
import { BlockBuffers, gzipBlocks } from '../src/ingest/chunk-reader.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
const want = (step: string) => only === null || only.has(step);

const root = resolve('.bench');
const stepScript = join(import.meta.dirname, 'bench-step.js');
const MB = 1e6;
const results: Record<string, unknown> = { quick, started_at: new Date().toISOString() };

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
function mib(bytes: number): string {
  return `${fmt(bytes / 2 ** 20, 0)} MiB`;
}

/** Generate (or reuse) a data set; returns its folder and the config file pointing at it. */
async function dataset(
  name: string,
  opts: Omit<GenOptions, 'outDir'>,
): Promise<{ dir: string; config: string }> {
  const dir = join(root, name);
  const marker = join(dir, '.gen-options.json');
  const key = JSON.stringify(opts);
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== key) {
    mkdirSync(dir, { recursive: true });
    const t = performance.now();
    const summary = await generate({ ...opts, outDir: dir });
    const s = (performance.now() - t) / 1000;
    const bytes = summary.files.reduce((a, f) => a + f.bytes, 0);
    console.log(`  generated ${name}: ${mib(bytes)} in ${fmt(s)} s (${fmt(bytes / MB / s)} MB/s)`);
    writeFileSync(marker, key);
  }
  const ext = opts.gzip ? 'csv.gz' : 'csv';
  const config = join(dir, 'bench.yaml');
  writeFileSync(
    config,
    [
      'inputs:',
      `  orders: orders.${ext}`,
      `  trades: trades.${ext}`,
      `  nbbo: nbbo.${ext}`,
      'processing: { temp_dir: tmp/ }',
      'data_selection: { date_range: { all_dates: true } }',
      'output: { output_dir: out/ }',
      '',
    ].join('\n'),
  );
  return { dir, config };
}

function inputBytes(dir: string, gz: boolean): number {
  const ext = gz ? 'csv.gz' : 'csv';
  return ['orders', 'trades', 'nbbo'].reduce((a, k) => a + statSync(join(dir, `${k}.${ext}`)).size, 0);
}

function warm(dir: string, gz: boolean): void {
  const ext = gz ? 'csv.gz' : 'csv';
  for (const k of ['orders', 'trades', 'nbbo'])
    spawnSync('cat', [join(dir, `${k}.${ext}`)], { stdio: 'ignore' });
}

interface StepOut {
  seconds: number;
  peakRssBytes: number;
  phases?: { name: string; seconds: number; bytes: number; rows: number }[];
  partitions?: number;
  ok?: boolean;
  runJson?: {
    phases: { name: string; seconds: number; bytes?: number; rows?: number }[];
    totals: { partitions: number; jobs_per_s: number | null; rows_read: number; bytes_read: number };
    peak_memory: { main_rss_bytes: number; max_job_rss_bytes: number | null };
    jobs: { rows: { orders: number } | null }[];
  };
}

function step(kind: 'ingest' | 'run', config: string, workers?: number): StepOut {
  const argv = ['--expose-gc', stepScript, kind, config];
  if (workers !== undefined) argv.push(String(workers));
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`bench step ${kind} ${config} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() as string;
  return JSON.parse(line) as StepOut;
}

function printIngest(label: string, out: StepOut, bytes: number): Record<string, unknown> {
  console.log(`  ${label}: ${mib(bytes)} of input, ${out.partitions} partitions, page cache warm`);
  console.log('    phase      MB/s      rows/s       seconds');
  const phases = out.phases ?? [];
  for (const p of phases) {
    console.log(
      `    ${p.name.padEnd(8)} ${fmt(p.bytes / MB / p.seconds).padStart(7)} ${fmt(p.rows / p.seconds, 0).padStart(12)} ${fmt(p.seconds, 2).padStart(10)}`,
    );
  }
  const total = phases.reduce((a, p) => a + p.seconds, 0);
  const rows = phases.reduce((a, p) => a + p.rows, 0);
  console.log(
    `    all      ${fmt(bytes / MB / total).padStart(7)} ${fmt(rows / total, 0).padStart(12)} ${fmt(total, 2).padStart(10)}   peak RSS ${mib(out.peakRssBytes)}`,
  );
  return {
    bytes,
    seconds: total,
    mb_per_s: bytes / MB / total,
    rows_per_s: rows / total,
    peak_rss_bytes: out.peakRssBytes,
    phases,
  };
}

/**
 * Node's own zlib gunzip streaming one file, chunks counted and dropped. 1 MiB reads and chunks:
 * ~2.7x faster here than the stream's defaults (64 KiB reads, 16 KiB chunks), so the strict
 * reference.
 */
async function gunzipStream(file: string): Promise<{ plain: number; seconds: number }> {
  let plain = 0;
  const t = performance.now();
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    createGunzip({ chunkSize: 1 << 20 }),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        plain += chunk.length;
        cb();
      },
    }),
  );
  return { plain, seconds: (performance.now() - t) / 1000 };
}

/** sweepscope's own inflater (the ingest's .gz reader) alone: blocks cut at line ends, not scanned. */
async function inflaterAlone(file: string): Promise<{ plain: number; seconds: number }> {
  const blockBytes = 8 * 2 ** 20;
  const buffers = new BlockBuffers(blockBytes + 2 ** 20);
  let plain = 0;
  const t = performance.now();
  for await (const b of gzipBlocks(file, 0, blockBytes, buffers, () => {})) {
    plain += b.bytes.length;
    buffers.give(b.bytes);
  }
  return { plain, seconds: (performance.now() - t) / 1000 };
}

/**
 * .gz ingest against zlib alone. This shared machine's speed drifts by 20-30% within a minute, so
 * each round measures zlib gunzip alone, sweepscope's inflater alone, the ingest and zlib again,
 * back to back, and takes the ratio within the round against the mean of the two zlib runs; the
 * figures quoted are the median round's.
 */
async function gzRounds(dir: string, config: string, rounds: number): Promise<Record<string, unknown>> {
  const kinds = ['orders', 'nbbo', 'trades'] as const;
  const files = kinds.map((k) => join(dir, `${k}.csv.gz`));
  const compressed = files.reduce((a, f) => a + statSync(f).size, 0);
  const out: Record<string, unknown>[] = [];
  for (let r = 1; r <= rounds; r++) {
    warm(dir, true);
    const gunzip: Record<string, { plain: number; seconds: number }> = {};
    const inflater: Record<string, { plain: number; seconds: number }> = {};
    for (let i = 0; i < kinds.length; i++) gunzip[kinds[i]] = await gunzipStream(files[i]);
    for (let i = 0; i < kinds.length; i++) inflater[kinds[i]] = await inflaterAlone(files[i]);
    const ing = step('ingest', config);
    // zlib again after the ingest: the reference is the mean of the runs on either side of it, so
    // a drift of the machine's speed during the round moves both sides of the ratio alike
    for (let i = 0; i < kinds.length; i++) {
      const after = await gunzipStream(files[i]);
      gunzip[kinds[i]].seconds = (gunzip[kinds[i]].seconds + after.seconds) / 2;
    }
    const plain = kinds.reduce((a, k) => a + gunzip[k].plain, 0);
    const gunzipS = kinds.reduce((a, k) => a + gunzip[k].seconds, 0);
    const inflaterS = kinds.reduce((a, k) => a + inflater[k].seconds, 0);
    const phases = ing.phases ?? [];
    const ingestS = phases.reduce((a, p) => a + p.seconds, 0);
    const rows = phases.reduce((a, p) => a + p.rows, 0);
    const perPhase = phases.map((p) => {
      const g = gunzip[p.name];
      return {
        name: p.name,
        seconds: p.seconds,
        csv_mb_per_s: g.plain / MB / p.seconds,
        rows_per_s: p.rows / p.seconds,
        gunzip_mb_per_s: g.plain / MB / g.seconds,
        inflater_mb_per_s: g.plain / MB / inflater[p.name].seconds,
        vs_gunzip: g.seconds / p.seconds,
      };
    });
    const round = {
      round: r,
      csv_bytes: plain,
      compressed_bytes: compressed,
      gunzip_mb_per_s: plain / MB / gunzipS,
      inflater_mb_per_s: plain / MB / inflaterS,
      ingest_mb_per_s: plain / MB / ingestS,
      ingest_rows_per_s: rows / ingestS,
      vs_gunzip: gunzipS / ingestS,
      vs_inflater: inflaterS / ingestS,
      peak_rss_bytes: ing.peakRssBytes,
      phases: perPhase,
    };
    out.push(round);
    console.log(
      `  round ${r}: zlib gunzip alone ${fmt(round.gunzip_mb_per_s)} MB/s (mean of before and after), sweepscope's inflater alone ${fmt(round.inflater_mb_per_s)} MB/s, ingest ${fmt(round.ingest_mb_per_s)} MB/s (${fmt(round.ingest_rows_per_s, 0)} rows/s) = ${fmt(100 * round.vs_gunzip, 0)} % of gunzip, ${fmt(100 * round.vs_inflater, 0)} % of the inflater; peak RSS ${mib(ing.peakRssBytes)}`,
    );
    console.log(
      `           per phase (MB/s of CSV, ingest / gunzip of that file): ${perPhase.map((p) => `${p.name} ${fmt(p.csv_mb_per_s, 0)} / ${fmt(p.gunzip_mb_per_s, 0)} = ${fmt(100 * p.vs_gunzip, 0)} %`).join(', ')}`,
    );
  }
  const ratios = out.map((o) => o.vs_gunzip as number);
  // the median round (the lower of the middle two for an even count)
  const mid = [...out].sort((a, b) => (a.vs_gunzip as number) - (b.vs_gunzip as number))[
    (out.length - 1) >> 1
  ];
  console.log(
    `  ${mib(compressed)} of gzip holding ${mib(mid.csv_bytes as number)} of CSV, page cache warm; median round: ingest ${fmt(mid.ingest_mb_per_s as number)} MB/s of CSV = ${fmt(100 * (mid.vs_gunzip as number), 0)} % of zlib gunzip alone (rounds: ${ratios.map((x) => `${fmt(100 * x, 0)} %`).join(', ')})`,
  );
  return { rounds: out, median_round: mid };
}

function printRun(label: string, out: StepOut, bytes: number): Record<string, unknown> {
  const rj = out.runJson!;
  const phase = (n: string) => rj.phases.find((p) => p.name === n)?.seconds ?? 0;
  const jobsS = phase('jobs');
  const orders = rj.jobs.reduce((a, j) => a + (j.rows?.orders ?? 0), 0);
  const parts = rj.totals.partitions;
  const tree = rj.peak_memory.main_rss_bytes + (rj.peak_memory.max_job_rss_bytes ?? 0);
  console.log(
    `  ${label}: end to end ${fmt(out.seconds, 2)} s = ${fmt(bytes / MB / out.seconds)} MB/s | ingest ${fmt(phase('ingest'), 2)} s, jobs ${fmt(jobsS, 2)} s (${fmt(parts / jobsS)} partitions/s, ${fmt(orders / jobsS, 0)} order-days/s), aggregate ${fmt(phase('aggregate'), 2)} s | peak RSS main ${mib(rj.peak_memory.main_rss_bytes)}, largest job ${mib(rj.peak_memory.max_job_rss_bytes ?? 0)}`,
  );
  return {
    seconds: out.seconds,
    mb_per_s: bytes / MB / out.seconds,
    ingest_s: phase('ingest'),
    jobs_s: jobsS,
    aggregate_s: phase('aggregate'),
    partitions: parts,
    partitions_per_s: parts / jobsS,
    order_days_per_s: orders / jobsS,
    peak_rss_main_bytes: rj.peak_memory.main_rss_bytes,
    peak_rss_largest_job_bytes: rj.peak_memory.max_job_rss_bytes,
    peak_rss_tree_upper_bound_bytes: tree,
  };
}

async function main(): Promise<void> {
  const scale = quick ? 0.1 : 1;
  const securities = 10;
  const days = 5;
  const per = estimateBytesPerOrder({ ordersPerDay: 100_000 });
  // ~2 GB of orders at 1x; trades follow from the simulated fills (~0.5x of the orders bytes)
  const ordersPerDay = Math.round((2e9 * scale) / (per.orders * securities * days));
  console.log(
    `sweepscope bench${quick ? ' (quick: 1/10 scale)' : ''} on ${process.version}, data in ${root}`,
  );

  const x1 = await dataset(`x1-${scale}`, { securities, days, ordersPerDay, seed: 1 });
  const x1Bytes = inputBytes(x1.dir, false);

  if (want('ingest')) {
    console.log('\n== ingest, plain CSV, 2 worker threads ==');
    warm(x1.dir, false);
    results.ingest_x1 = printIngest('1x', step('ingest', x1.config), x1Bytes);
    const x4 = await dataset(`x4-${scale}`, { securities, days: days * 4, ordersPerDay, seed: 1 });
    const x4Bytes = inputBytes(x4.dir, false);
    warm(x4.dir, false);
    results.ingest_x4 = printIngest('4x', step('ingest', x4.config), x4Bytes);
  }

  if (want('gz')) {
    console.log(
      '\n== ingest, .csv.gz: the 1x set gzipped (inflated on the libuv pool, scanned on 2 worker threads) vs zlib gunzip alone ==',
    );
    const gz = await dataset(`gz-x1-${scale}`, { securities, days, ordersPerDay, seed: 1, gzip: true });
    results.gz = await gzRounds(gz.dir, gz.config, quick ? 2 : 5);
  }

  if (want('run')) {
    console.log('\n== end to end (ingest + analysis jobs + aggregation) on the 1x set ==');
    warm(x1.dir, false);
    results.run_x1_w1 = printRun('1 worker ', step('run', x1.config, 1), x1Bytes);
    warm(x1.dir, false);
    results.run_x1_w2 = printRun('2 workers', step('run', x1.config, 2), x1Bytes);
  }

  if (want('partitions')) {
    console.log('\n== many small partitions ==');
    const small = await dataset(`small-${scale}`, {
      securities: quick ? 200 : 2000,
      days: 5,
      ordersPerDay: 40,
      seed: 3,
    });
    const out = step('run', small.config, 2);
    const r = printRun(
      `${out.runJson!.totals.partitions} partitions, 2 workers`,
      out,
      inputBytes(small.dir, false),
    );
    const jobs = r.jobs_s as number;
    console.log(
      `  per-partition overhead: ${fmt((1000 * jobs * 2) / (r.partitions as number), 2)} ms of a worker per partition`,
    );
    results.small_partitions = r;
  }

  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${join(root, 'results.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
