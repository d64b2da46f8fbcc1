/**
 * stats_ttest.csv, stats_wilcoxon.csv and stats_friedman.csv (SPEC §5): one row for scope ALL and
 * one per security, per scenario (Friedman: across the requested scenarios). `p_adjusted` is the
 * Benjamini–Hochberg adjustment over the security rows of one test and scenario (p itself for ALL);
 * `significant` compares p_adjusted (security rows) or p (ALL) with alpha. Skipped rows carry only
 * their reason.
 */
import type { ScenarioName } from '../config/types.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { friedmanTest } from '../stats/friedman.js';
import { oneSampleTTest } from '../stats/ttest.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon.js';
import type { Cell, Table } from './csv-table.js';
import type { SavingsSample } from './savings-samples.js';

interface TestRow {
  scope: string;
  scenario: string;
  cells: Cell[];
  p: number | null;
  skipped_reason: string | null;
}

/** Rows of one scenario: ALL first, then securities ascending. */
function adjust(rows: TestRow[], alpha: number): Cell[][] {
  const tested = rows.filter((r) => r.scope !== 'ALL' && r.p !== null);
  const qs = benjaminiHochberg(tested.map((r) => r.p as number));
  const adjusted = new Map<TestRow, number>(tested.map((r, i) => [r, qs[i]]));
  return rows.map((r) => {
    const pAdj = r.scope === 'ALL' ? r.p : (adjusted.get(r) ?? null);
    const significant = pAdj === null ? null : pAdj < alpha;
    return [r.scope, r.scenario, ...r.cells, pAdj, significant, r.skipped_reason];
  });
}

type Scoped = { scope: string; sample: SavingsSample }[];

function perScenarioTable(
  scoped: Scoped,
  scenarios: readonly ScenarioName[],
  alpha: number,
  columns: string[],
  run: (values: number[]) => { cells: Cell[]; p: number | null; skipped_reason: string | null },
): Table {
  const rows: Cell[][] = [];
  for (const s of scenarios) {
    const testRows = scoped.map(({ scope, sample }) => ({
      scope,
      scenario: s,
      ...run(sample.byScenario.get(s) ?? []),
    }));
    rows.push(...adjust(testRows, alpha));
  }
  return { header: ['scope', 'scenario', ...columns, 'p_adjusted', 'significant', 'skipped_reason'], rows };
}

export function ttestTable(scoped: Scoped, scenarios: readonly ScenarioName[], alpha: number): Table {
  return perScenarioTable(
    scoped,
    scenarios,
    alpha,
    ['n', 'mean', 'sd', 't', 'df', 'p', 'ci_lower', 'ci_upper', 'd_z'],
    (values) => {
      const r = oneSampleTTest(values, alpha);
      return {
        cells: [r.n, r.mean, r.sd, r.t, r.df, r.p, r.ci_lower, r.ci_upper, r.d_z],
        p: r.p,
        skipped_reason: r.skipped_reason,
      };
    },
  );
}

export function wilcoxonTable(scoped: Scoped, scenarios: readonly ScenarioName[], alpha: number): Table {
  return perScenarioTable(scoped, scenarios, alpha, ['n', 'n_zero', 'statistic', 'z', 'p'], (values) => {
    const r = wilcoxonSignedRank(values);
    return { cells: [r.n, r.n_zero, r.statistic, r.z, r.p], p: r.p, skipped_reason: r.skipped_reason };
  });
}

export function friedmanTable(scoped: Scoped, scenarios: readonly ScenarioName[], alpha: number): Table {
  const label = scenarios.join('|');
  const testRows = scoped.map(({ scope, sample }) => {
    const r = friedmanTest(sample.blocks, scenarios.length);
    return {
      scope,
      scenario: label,
      cells: [r.k, r.n, r.statistic, r.df, r.p],
      p: r.p,
      skipped_reason: r.skipped_reason,
    };
  });
  return {
    header: [
      'scope',
      'scenario',
      'k',
      'n',
      'statistic',
      'df',
      'p',
      'p_adjusted',
      'significant',
      'skipped_reason',
    ],
    rows: adjust(testRows, alpha),
  };
}
