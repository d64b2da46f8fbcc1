/** One-sample two-sided t-test of the mean against 0 (scipy.stats.ttest_1samp semantics). */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface TTestResult {
  n: number;
  mean: number | null;
  sd: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  d_z: number | null;
  skipped_reason: 'n < 2' | 'zero variance' | null;
}

export function oneSampleTTest(values: readonly number[], alpha: number): TTestResult {
  const n = values.length;
  const empty = { t: null, df: null, p: null, ci_lower: null, ci_upper: null, d_z: null };
  if (n === 0) return { n, mean: null, sd: null, ...empty, skipped_reason: 'n < 2' };
  let sum = 0;
  for (const x of values) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ...empty, skipped_reason: 'n < 2' };
  // two-pass variance: squares of deviations, not Σx² − n·mean², to avoid cancellation
  let ss = 0;
  for (const x of values) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  if (sd === 0) return { n, mean, sd, ...empty, skipped_reason: 'zero variance' };
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  const t = mean / se;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(1 - alpha / 2, df) * se;
  return {
    n,
    mean,
    sd,
    t,
    df,
    p,
    ci_lower: mean - half,
    ci_upper: mean + half,
    d_z: mean / sd,
    skipped_reason: null,
  };
}
