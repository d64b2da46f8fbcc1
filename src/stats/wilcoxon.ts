/**
 * Wilcoxon signed-rank test against 0, exactly scipy.stats.wilcoxon(x, zero_method="wilcox",
 * correction=False, method="approx", alternative="two-sided"): zeros dropped, average ranks of |x|,
 * statistic T = min(W+, W−), normal approximation with the tie correction.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { averageRanks } from './ranks.js';

export interface WilcoxonResult {
  /** non-zero values ranked */
  n: number;
  n_zero: number;
  statistic: number | null;
  z: number | null;
  p: number | null;
  skipped_reason: 'n < 2' | null;
}

export function wilcoxonSignedRank(values: readonly number[]): WilcoxonResult {
  const nonZero = values.filter((x) => x !== 0);
  const n = nonZero.length;
  const nZero = values.length - n;
  // scipy would still return a p for one non-zero value; a one-observation rank test says nothing
  if (n < 2) return { n, n_zero: nZero, statistic: null, z: null, p: null, skipped_reason: 'n < 2' };
  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < n; i++) {
    if (nonZero[i] > 0) rPlus += ranks[i];
    else rMinus += ranks[i];
  }
  const statistic = Math.min(rPlus, rMinus);
  const mean = (n * (n + 1)) / 4;
  let tieTerm = 0;
  for (const t of tieSizes) tieTerm += t * t * t - t;
  const se = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const z = (statistic - mean) / se;
  // 2·Φ(−|z|) equals 2·(1 − Φ(|z|)) but keeps precision for tiny p (scipy uses the survival function)
  const p = Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
  return { n, n_zero: nZero, statistic, z, p, skipped_reason: null };
}
