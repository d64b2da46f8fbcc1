/**
 * Min-heap of timed events. Ties on time break by insertion order so the simulation, and hence the
 * generated files, are deterministic.
 */
export interface Timed {
  /** ns since local midnight of the simulated day */
  t: number;
  /** insertion counter, set by the queue */
  n: number;
}

export class EventQueue<E extends Timed> {
  private readonly heap: E[] = [];
  private counter = 0;
  peak = 0;

  get size(): number {
    return this.heap.length;
  }

  push(e: E): void {
    e.n = this.counter++;
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
    if (h.length > this.peak) this.peak = h.length;
  }

  pop(): E | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r], h[l]) ? r : l;
      if (!before(h[c], last)) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function before(x: Timed, y: Timed): boolean {
  return x.t < y.t || (x.t === y.t && x.n < y.n);
}
