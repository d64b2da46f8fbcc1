/**
 * Average ranks (1-based) with the sizes of the tie groups, as scipy.stats.rankdata(method="average")
 * and the tie counts the rank tests use for their corrections.
 */
export interface RankedValues {
  ranks: number[];
  /** size of every tie group of two or more equal values */
  tieSizes: number[];
}

export function averageRanks(values: readonly number[]): RankedValues {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // positions start..end-1 hold ranks start+1..end; their mean is (start+1+end)/2
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = rank;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}
