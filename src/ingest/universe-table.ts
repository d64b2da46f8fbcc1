/**
 * The universe set of SPEC §3: (order_id, trading date, security_code) triples of the kept order
 * events, as an open-addressing hash table in one Uint32Array (4 words per entry, linear probing)
 * on a SharedArrayBuffer. The main thread builds it from the workers' key logs during the orders
 * pass (growing means a new buffer; only the main thread writes), then every trade-scanning
 * worker probes it without copying. No bigint and no JS objects per entry.
 *
 * Entry words: [idLow, idHigh mod 2^32, (idHigh div 2^32) | day << 3 | OCCUPIED, securityCode].
 * idHigh < 2^35 (uint64 / 1e9 < 1.85e10), day < 2^28, securityCode < 2^32.
 */

const WORDS = 4;
const OCCUPIED = 0x8000_0000;
const TWO32 = 4_294_967_296;
const MAX_LOAD = 0.7;
const REGION_BITS = 10;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  return h ^ (h >>> 16);
}

/** Entry word 2 (high id bits, day, occupied flag); words 0, 1, 3 are idLow, idHigh >>> 0, security >>> 0. */
export function entryWord2(idHigh: number, day: number): number {
  return (Math.floor(idHigh / TWO32) | (day << 3) | OCCUPIED) >>> 0;
}

export function hashEntry(w0: number, w1: number, w2: number, w3: number): number {
  return mix(w0 ^ mix(w1 ^ mix(w2 ^ w3)));
}

export class UniverseTable {
  private words: Uint32Array;
  private mask: number;
  private count = 0;

  private constructor(words: Uint32Array, count: number) {
    this.words = words;
    this.mask = words.length / WORDS - 1;
    this.count = count;
  }

  /** An empty table on a SharedArrayBuffer; it grows (into a new buffer) as entries are added. */
  static create(initialCapacity = 1024): UniverseTable {
    const cap = pow2AtLeast(initialCapacity);
    return new UniverseTable(new Uint32Array(new SharedArrayBuffer(cap * WORDS * 4)), 0);
  }

  /**
   * A table holding the entries of several key logs, sized for them up front. The entries are
   * first grouped by the region of the table they hash to (1,024 regions, one counting-sort pass),
   * so the inserts sweep the table almost sequentially instead of missing the cache on each one.
   */
  static fromLogs(logs: readonly Uint32Array[]): UniverseTable {
    let total = 0;
    for (const l of logs) total += l.length / WORDS;
    const table = UniverseTable.create(Math.ceil(total / MAX_LOAD) + 1);
    const bits = Math.log2(table.mask + 1);
    const shift = Math.max(0, bits - REGION_BITS);
    const start = new Int32Array((1 << REGION_BITS) + 1);
    for (const l of logs) {
      for (let o = 0; o < l.length; o += WORDS)
        start[((hashEntry(l[o], l[o + 1], l[o + 2], l[o + 3]) & table.mask) >>> shift) + 1]++;
    }
    for (let r = 0; r < 1 << REGION_BITS; r++) start[r + 1] += start[r];
    const grouped = new Uint32Array(total * WORDS);
    for (const l of logs) {
      for (let o = 0; o < l.length; o += WORDS) {
        const at = start[(hashEntry(l[o], l[o + 1], l[o + 2], l[o + 3]) & table.mask) >>> shift]++ * WORDS;
        grouped[at] = l[o];
        grouped[at + 1] = l[o + 1];
        grouped[at + 2] = l[o + 2];
        grouped[at + 3] = l[o + 3];
      }
    }
    table.addEntries(grouped);
    return table;
  }

  /** View a table another thread built (read-only use). */
  static fromShared(buffer: SharedArrayBuffer): UniverseTable {
    return new UniverseTable(new Uint32Array(buffer), -1);
  }

  get size(): number {
    return this.count;
  }

  get sharedBuffer(): SharedArrayBuffer {
    return this.words.buffer as SharedArrayBuffer;
  }

  /** Insert; false when already present. */
  add(idHigh: number, idLow: number, day: number, security: number): boolean {
    if ((this.count + 1) / (this.mask + 1) > MAX_LOAD) this.grow();
    return this.insertWords(idLow, idHigh >>> 0, entryWord2(idHigh, day), security >>> 0);
  }

  has(idHigh: number, idLow: number, day: number, security: number): boolean {
    const w = this.words;
    const w0 = idLow;
    const w1 = idHigh >>> 0;
    const w2 = entryWord2(idHigh, day);
    const w3 = security >>> 0;
    let i = hashEntry(w0, w1, w2, w3) & this.mask;
    for (;;) {
      const o = i * WORDS;
      const tag = w[o + 2];
      if (tag === 0) return false;
      if (tag === w2 && w[o] === w0 && w[o + 1] === w1 && w[o + 3] === w3) return true;
      i = (i + 1) & this.mask;
    }
  }

  /** Insert packed entries (4 words each, as UniverseKeyLog.take() gives them). */
  addEntries(packed: Uint32Array): void {
    for (let o = 0; o < packed.length; o += WORDS) {
      if ((this.count + 1) / (this.mask + 1) > MAX_LOAD) this.grow();
      this.insertWords(packed[o], packed[o + 1], packed[o + 2], packed[o + 3]);
    }
  }

  private insertWords(w0: number, w1: number, w2: number, w3: number): boolean {
    const w = this.words;
    let i = hashEntry(w0, w1, w2, w3) & this.mask;
    for (;;) {
      const o = i * WORDS;
      const tag = w[o + 2];
      if (tag === 0) {
        w[o] = w0;
        w[o + 1] = w1;
        w[o + 2] = w2;
        w[o + 3] = w3;
        this.count++;
        return true;
      }
      if (tag === w2 && w[o] === w0 && w[o + 1] === w1 && w[o + 3] === w3) return false;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.words;
    this.words = new Uint32Array(new SharedArrayBuffer(old.byteLength * 2));
    this.mask = this.words.length / WORDS - 1;
    this.count = 0;
    for (let o = 0; o < old.length; o += WORDS) {
      if (old[o + 2] !== 0) this.insertWords(old[o], old[o + 1], old[o + 2], old[o + 3]);
    }
  }
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}
