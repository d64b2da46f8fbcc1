/**
 * Exact floating-point summation (Shewchuk's algorithm, as Python's math.fsum). A running sum is
 * a list of non-overlapping doubles (increasing magnitude) whose exact total is the exact sum of
 * everything added; `exactValue` rounds that total correctly. So a sum does not depend on the order
 * or grouping of additions and merges — aggregates are identical whatever the number of workers —
 * and the list is plain JSON.
 */
export type ExactSum = number[];

export function exactAdd(partials: ExactSum, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`cannot sum a non-finite value ${value}`);
  let x = value;
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j];
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

export function exactMerge(into: ExactSum, other: ExactSum): void {
  for (const v of other) exactAdd(into, v);
}

/** The exact sum rounded to the nearest double (ties to even), as CPython's fsum. */
export function exactValue(partials: ExactSum): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // hi + lo was rounded half-even on its own; a further partial of lo's sign breaks that tie upward
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
