/**
 * A map from partition (trading day, security code) to a small non-negative integer, for the
 * per-row paths of the scan: the segment writer's bucket of each record and the NBBO pass's
 * "is this a universe partition" test.
 *
 * A JS Map keyed on day * 2^32 + security hashes a double per call and boxes it where the key
 * leaves a register; this is open addressing over two Int32Arrays with an integer hash, no
 * allocation per lookup. Days are < 2^31 and security codes < 2^32 (kept as their low 32 bits,
 * which identify them: codes are checked to fit 32 bits at decode).
 */

const EMPTY = -1;

export class PartitionKeyMap {
  /** per slot: day, security | 0, value (-1 = empty slot) */
  private days: Int32Array;
  private securities: Int32Array;
  private values: Int32Array;
  private count = 0;

  constructor(expected = 64) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.days = new Int32Array(slots);
    this.securities = new Int32Array(slots);
    this.values = new Int32Array(slots).fill(EMPTY);
  }

  get size(): number {
    return this.count;
  }

  /** The value of (day, security), or -1 when absent. */
  get(day: number, security: number): number {
    const mask = this.values.length - 1;
    const sec = security | 0;
    for (let i = slotOf(day, sec) & mask; ; i = (i + 1) & mask) {
      const v = this.values[i];
      if (v === EMPTY || (this.days[i] === day && this.securities[i] === sec)) return v;
    }
  }

  /** Set (day, security) to `value` (>= 0). */
  set(day: number, security: number, value: number): void {
    if (2 * (this.count + 1) > this.values.length) this.grow();
    const mask = this.values.length - 1;
    const sec = security | 0;
    for (let i = slotOf(day, sec) & mask; ; i = (i + 1) & mask) {
      if (this.values[i] === EMPTY) {
        this.days[i] = day;
        this.securities[i] = sec;
        this.values[i] = value;
        this.count++;
        return;
      }
      if (this.days[i] === day && this.securities[i] === sec) {
        this.values[i] = value;
        return;
      }
    }
  }

  /** Forget every key; the memory is kept for reuse. */
  clear(): void {
    if (this.count === 0) return;
    this.values.fill(EMPTY);
    this.count = 0;
  }

  private grow(): void {
    const { days, securities, values } = this;
    const slots = values.length * 2;
    this.days = new Int32Array(slots);
    this.securities = new Int32Array(slots);
    this.values = new Int32Array(slots).fill(EMPTY);
    this.count = 0;
    for (let i = 0; i < values.length; i++)
      if (values[i] !== EMPTY) this.set(days[i], securities[i], values[i]);
  }
}

function slotOf(day: number, sec: number): number {
  let h = Math.imul(day, 0x9e37_79b1) ^ sec;
  h ^= h >>> 15;
  h = Math.imul(h, 0x85eb_ca6b);
  return h ^ (h >>> 13);
}
