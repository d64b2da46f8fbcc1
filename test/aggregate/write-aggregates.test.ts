import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { partialsOf } from '../../src/aggregate/partials.js';
import { PARTIALS_FILE, type PartitionRef, writeAggregates } from '../../src/aggregate/write-aggregates.js';
import type { Config } from '../../src/config/types.js';
import type { PartitionResult } from '../../src/model/results.js';
import { parseCsvRecord } from '../../src/output/csv-parse.js';
import { writePartition } from '../../src/output/partition-writer.js';
import { benjaminiHochberg } from '../../src/stats/benjamini-hochberg.js';
import { friedmanTest } from '../../src/stats/friedman.js';
import { oneSampleTTest } from '../../src/stats/ttest.js';
import { wilcoxonSignedRank } from '../../src/stats/wilcoxon.js';
import { testConfig } from '../output/sample-result.js';
import { handPartitions } from './hand-partitions.js';
import { randomPartitions } from './random-partitions.js';

const root = mkdtempSync(join(tmpdir(), 'sweepscope-agg-'));
after(() => rmSync(root, { recursive: true, force: true }));

const FILES = [
  'by_date.csv',
  'by_group.csv',
  'by_order_size.csv',
  'by_participant.csv',
  'by_security.csv',
  'by_time_of_day.csv',
  'global_summary.csv',
  'scenario_summary.csv',
  'stats_friedman.csv',
  'stats_ttest.csv',
  'stats_wilcoxon.csv',
];

async function run(
  name: string,
  parts: PartitionResult[],
  format: 'gzip' | 'parquet',
  order: (refs: PartitionRef[]) => PartitionRef[] = (r) => r,
  configure: (config: Config) => void = () => {},
) {
  const out = join(root, name);
  const config = testConfig({ format, outputDir: out });
  configure(config);
  const refs: PartitionRef[] = [];
  for (const p of parts) {
    const dir = await writePartition(out, p, {
      format,
      extraFiles: { [PARTIALS_FILE]: JSON.stringify(partialsOf(p, config)) },
    });
    refs.push({ dir, tradingDate: p.trading_date, securityCode: p.security_code });
  }
  await writeAggregates(out, config, order(refs));
  const agg = join(out, 'aggregated');
  return {
    out,
    files: Object.fromEntries(readdirSync(agg).map((f) => [f, readFileSync(join(agg, f), 'utf8')])) as Record<
      string,
      string
    >,
  };
}

const records = (text: string) => {
  const [header, ...rows] = text.trimEnd().split('\n').map(parseCsvRecord);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

test('hand example: every file, t-test with a closed-form p, skipped rows, atomic replacement', async () => {
  const { out, files } = await run('hand', handPartitions(), 'gzip');
  assert.deepEqual(Object.keys(files).sort(), FILES);
  assert.deepEqual(readdirSync(out).sort(), ['aggregated', 'by_security']);
  const t = records(files['stats_ttest.csv']);
  // A savings: o1 4, o2 1 (o5 no_mid, o3 not a subject): mean 2.5, sd = sqrt(((1.5)² + (1.5)²)/1) = sqrt(4.5),
  // se = sqrt(4.5/2) = 1.5, t = 2.5/1.5 = 5/3, df 1 (Cauchy): p = 1 - 2·atan(5/3)/pi
  const allA = t.find((r) => r.scope === 'ALL' && r.scenario === 'A');
  assert.ok(allA);
  assert.equal(allA.n, '2');
  assert.equal(allA.mean, '2.5');
  assert.ok(Math.abs(Number(allA.t) - 5 / 3) < 1e-12);
  const p = 1 - (2 * Math.atan(5 / 3)) / Math.PI;
  assert.ok(Math.abs(Number(allA.p) - p) < 1e-12);
  assert.equal(allA.p_adjusted, allA.p);
  assert.equal(allA.significant, 'false');
  // security 100 is the only tested security, so BH leaves its p as it is; 200 has no savings
  const sec100 = t.find((r) => r.scope === '100' && r.scenario === 'A');
  assert.equal(sec100?.p_adjusted, allA.p);
  const sec200 = t.find((r) => r.scope === '200' && r.scenario === 'A');
  assert.deepEqual(
    [sec200?.n, sec200?.p, sec200?.significant, sec200?.skipped_reason],
    ['0', '', '', 'n < 2'],
  );
  assert.deepEqual(
    t.map((r) => `${r.scope}/${r.scenario}`),
    [
      'ALL/A',
      '100/A',
      '200/A',
      'ALL/B',
      '100/B',
      '200/B',
      'ALL/C',
      '100/C',
      '200/C',
      'ALL/R',
      '100/R',
      '200/R',
    ],
  );
  const f = records(files['stats_friedman.csv']);
  assert.deepEqual(
    f.map((r) => [r.scope, r.scenario, r.k, r.n, r.skipped_reason]),
    [
      ['ALL', 'A|B|C|R', '4', '0', 'n < 2'],
      ['100', 'A|B|C|R', '4', '0', 'n < 2'],
      ['200', 'A|B|C|R', '4', '0', 'n < 2'],
    ],
  );

  // a rerun replaces the whole folder (a stray file goes) and leaves no aggregated.tmp behind
  writeFileSync(join(out, 'aggregated', 'stray.csv'), 'x');
  mkdirSync(join(out, 'aggregated.tmp'));
  await writeAggregates(out, testConfig({ outputDir: out }), [
    ...handPartitions().map((p) => ({
      dir: join(out, 'by_security', `SEC_${p.security_code}`, p.trading_date),
      tradingDate: p.trading_date,
      securityCode: p.security_code,
    })),
  ]);
  assert.deepEqual(readdirSync(join(out, 'aggregated')).sort(), FILES);
  assert.deepEqual(readdirSync(out).sort(), ['aggregated', 'by_security']);
});

test('random partitions: identical bytes for any partition order, gzip or Parquet; uncommitted ones left out', async () => {
  const parts = randomPartitions(7, 30);
  const a = await run('rand-gzip', parts, 'gzip');
  const b = await run('rand-gzip-reversed', parts, 'gzip', (refs) => [
    ...[...refs].reverse(),
    { dir: join(root, 'rand-gzip-reversed', 'never-written'), tradingDate: '2024-09-09', securityCode: 999 },
  ]);
  const c = await run('rand-parquet', parts, 'parquet', (refs) => [
    refs[3],
    refs[1],
    refs[5],
    refs[0],
    refs[4],
    refs[2],
  ]);
  for (const f of FILES) {
    assert.equal(b.files[f], a.files[f], f);
    assert.equal(c.files[f], a.files[f], f);
  }

  // the statistics equal the functions applied to the savings in (security, date, order_id) order
  const config = testConfig();
  const subjectIds = new Set(
    parts
      .flatMap((p) => p.orders)
      .filter((o) => o.in_scope && o.is_sweep)
      .map((o) => o.order_id),
  );
  const sorted = [...parts].sort(
    (x, y) => x.security_code - y.security_code || x.trading_date.localeCompare(y.trading_date),
  );
  const rows = sorted.flatMap((p) => p.simulation).filter((r) => r.is_sweep);
  const savings = (scenario: string, sec?: number) =>
    rows
      .filter(
        (r) =>
          r.scenario === scenario && r.savings_bps !== null && (sec === undefined || r.security_code === sec),
      )
      .map((r) => r.savings_bps as number);
  // the files also hold rows of in-scope non-sweeps, which subjects "sweeps" leaves out
  assert.ok(sorted.flatMap((p) => p.simulation).some((r) => !subjectIds.has(r.order_id)));
  assert.ok(rows.every((r) => subjectIds.has(r.order_id)));

  const ttest = records(a.files['stats_ttest.csv']);
  const wilcoxon = records(a.files['stats_wilcoxon.csv']);
  for (const s of ['A', 'B', 'C', 'R']) {
    const all = oneSampleTTest(savings(s), config.aggregation.alpha);
    const row = ttest.find((r) => r.scope === 'ALL' && r.scenario === s);
    assert.equal(row?.n, String(all.n));
    assert.equal(row?.mean, String(all.mean));
    assert.equal(row?.p, String(all.p));
    assert.equal(row?.ci_lower, String(all.ci_lower));
    const w = wilcoxonSignedRank(savings(s));
    const wrow = wilcoxon.find((r) => r.scope === 'ALL' && r.scenario === s);
    assert.deepEqual(
      [wrow?.n, wrow?.n_zero, wrow?.statistic, wrow?.p],
      [String(w.n), String(w.n_zero), String(w.statistic), String(w.p)],
    );
    // p_adjusted of the security rows = BH over their p values; significant compares it with alpha
    const secRows = ttest.filter((r) => r.scope !== 'ALL' && r.scenario === s);
    const ps = [100, 200, 300].map((sec) => oneSampleTTest(savings(s, sec), 0.05).p as number);
    assert.deepEqual(
      secRows.map((r) => r.p),
      ps.map(String),
    );
    const adjusted = benjaminiHochberg(ps);
    assert.deepEqual(
      secRows.map((r) => r.p_adjusted),
      adjusted.map(String),
    );
    assert.deepEqual(
      secRows.map((r) => r.significant),
      adjusted.map((q) => String(q < 0.05)),
    );
  }
  const blocks: number[][] = [];
  for (const p of sorted) {
    const byOrder = new Map<bigint, Map<string, number>>();
    for (const r of p.simulation) {
      if (r.savings_bps === null || !r.is_sweep) continue;
      byOrder.set(r.order_id, (byOrder.get(r.order_id) ?? new Map()).set(r.scenario, r.savings_bps));
    }
    for (const m of [...byOrder.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, v]) => v)) {
      if (m.size === 4) blocks.push(['A', 'B', 'C', 'R'].map((s) => m.get(s) as number));
    }
  }
  const fr = friedmanTest(blocks, 4);
  const frow = records(a.files['stats_friedman.csv']).find((r) => r.scope === 'ALL');
  assert.ok(fr.n > 10);
  assert.deepEqual([frow?.n, frow?.statistic, frow?.p], [String(fr.n), String(fr.statistic), String(fr.p)]);
});

test('output.aggregate_by chooses the by_<dimension> files; summaries and statistics are always written', async () => {
  const { files } = await run('aggregate-by', handPartitions(), 'gzip', undefined, (config) => {
    config.output.aggregateBy = ['security', 'time_of_day'];
  });
  assert.deepEqual(Object.keys(files).sort(), [
    'by_security.csv',
    'by_time_of_day.csv',
    'global_summary.csv',
    'scenario_summary.csv',
    'stats_friedman.csv',
    'stats_ttest.csv',
    'stats_wilcoxon.csv',
  ]);
});
