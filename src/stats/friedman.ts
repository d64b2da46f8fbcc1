/**
 * Friedman test across k >= 3 treatments (scipy.stats.friedmanchisquare): each block (row) holds
 * one value per treatment; ranks within a block with average ties; tie-corrected statistic.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { averageRanks } from './ranks.js';

export interface FriedmanResult {
  k: number;
  /** number of blocks */
  n: number;
  statistic: number | null;
  df: number | null;
  p: number | null;
  skipped_reason: 'k < 3' | 'n < 2' | 'zero variance' | null;
}

/** `blocks[i][j]` = value of treatment j in block i; every block has k values. */
export function friedmanTest(blocks: readonly (readonly number[])[], k: number): FriedmanResult {
  const n = blocks.length;
  const skipped = (reason: FriedmanResult['skipped_reason']): FriedmanResult => ({
    k,
    n,
    statistic: null,
    df: null,
    p: null,
    skipped_reason: reason,
  });
  if (k < 3) return skipped('k < 3');
  if (n < 2) return skipped('n < 2');
  const rankSums = new Array<number>(k).fill(0);
  let tieTerm = 0;
  for (const block of blocks) {
    if (block.length !== k) throw new RangeError(`friedman block has ${block.length} values, expected ${k}`);
    const { ranks, tieSizes } = averageRanks(block);
    for (let j = 0; j < k; j++) rankSums[j] += ranks[j];
    for (const t of tieSizes) tieTerm += t * (t * t - 1);
  }
  const c = 1 - tieTerm / (n * k * (k * k - 1));
  // every block entirely tied: scipy divides by zero (nan); there is nothing to compare
  if (c === 0) return skipped('zero variance');
  let ssbn = 0;
  for (const r of rankSums) ssbn += r * r;
  const statistic = ((12 / (n * k * (k + 1))) * ssbn - 3 * n * (k + 1)) / c;
  const df = k - 1;
  return {
    k,
    n,
    statistic,
    df,
    p: Math.min(1, Math.max(0, 1 - chisquareCdf(statistic, df))),
    skipped_reason: null,
  };
}
