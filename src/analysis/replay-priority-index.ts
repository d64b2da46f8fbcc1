/**
 * A fixed set of slots in priority order (slot 0 = highest priority) over which the replay asks
 * "which is the first occupied slot at or after `from` whose limit key, minimum quantity and
 * available quantity admit this match?" in O(log n), instead of scanning every resting order.
 *
 * A slot holds a limit key (the order passes the price check when key <= bound; a market order has
 * key -Infinity), a minimum quantity and an available quantity. A segment tree keeps, per node,
 * the minimum key, the minimum minimum-quantity and the maximum availability of its slots, so a
 * subtree that cannot hold an admissible slot is skipped whole. The three bounds are pruned
 * independently: a node can pass all three through different slots, so a search that must also
 * honour minimum quantities can descend into a subtree and come back empty; with minimum
 * quantities of 0 the search is exactly logarithmic.
 */
export class PriorityIndex {
  private readonly leafBase: number;
  private readonly minKey: Float64Array;
  private readonly minMinQty: Float64Array;
  private readonly maxAvailable: Float64Array;

  constructor(slotCount: number) {
    let base = 1;
    while (base < slotCount) base *= 2;
    this.leafBase = base;
    this.minKey = new Float64Array(2 * base).fill(Number.POSITIVE_INFINITY);
    this.minMinQty = new Float64Array(2 * base).fill(Number.POSITIVE_INFINITY);
    this.maxAvailable = new Float64Array(2 * base).fill(Number.NEGATIVE_INFINITY);
  }

  set(slot: number, key: number, minQty: number, available: number): void {
    let node = this.leafBase + slot;
    this.minKey[node] = key;
    this.minMinQty[node] = minQty;
    this.maxAvailable[node] = available;
    for (node >>= 1; node >= 1; node >>= 1) {
      const l = 2 * node;
      const r = l + 1;
      this.minKey[node] = Math.min(this.minKey[l], this.minKey[r]);
      this.minMinQty[node] = Math.min(this.minMinQty[l], this.minMinQty[r]);
      this.maxAvailable[node] = Math.max(this.maxAvailable[l], this.maxAvailable[r]);
    }
  }

  clear(slot: number): void {
    this.set(slot, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
  }

  /** Whether any slot passes the price check at `bound` and has some quantity available. */
  anyWithin(bound: number): boolean {
    return this.minKey[1] <= bound && this.maxAvailable[1] >= 1;
  }

  /**
   * The first slot >= from with key <= bound, minimum quantity <= maxMinQty and available >=
   * minAvailable; -1 when there is none.
   */
  findFirst(from: number, bound: number, maxMinQty: number, minAvailable: number): number {
    return this.search(1, 0, this.leafBase, from, bound, maxMinQty, minAvailable);
  }

  private search(
    node: number,
    lo: number,
    hi: number,
    from: number,
    bound: number,
    maxMinQty: number,
    minAvailable: number,
  ): number {
    if (
      hi <= from ||
      this.minKey[node] > bound ||
      this.minMinQty[node] > maxMinQty ||
      this.maxAvailable[node] < minAvailable
    )
      return -1;
    if (node >= this.leafBase) return lo;
    const mid = (lo + hi) >>> 1;
    const left = this.search(2 * node, lo, mid, from, bound, maxMinQty, minAvailable);
    return left >= 0 ? left : this.search(2 * node + 1, mid, hi, from, bound, maxMinQty, minAvailable);
  }
}
