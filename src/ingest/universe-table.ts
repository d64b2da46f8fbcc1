/**
 * A set of universe keys of SPEC §3 — (order_id, trading date, security_code) triples of kept order
 * events — as an open-addressing hash table in one Uint32Array (4 words per entry, linear
 * probing). A trade-scanning worker builds one per trading day from that day's spilled keys
 * (universe-day-cache.ts). No bigint and no JS objects per entry.
 *
 * The same array holds, after the entries, a UniverseFilter (universe-filter.ts) of the entries'
 * hashes, asked before the table: most keys asked for are absent, and the filter answers them
 * without a cache miss. Being one array, a table's memory and its reuse (sizedFor, release)
 * include the filter.
 *
 * Entry words: [idLow, idHigh mod 2^32, (idHigh div 2^32) | day << 3 | OCCUPIED, securityCode].
 * idHigh < 2^35 (uint64 / 1e9 < 1.85e10), day < 2^28, securityCode < 2^32.
 */
import { SLOTS_PER_FILTER_WORD, UniverseFilter } from './universe-filter.js';

/** words per entry */
export const ENTRY_WORDS = 4;
const OCCUPIED = 0x8000_0000;
const TWO32 = 4_294_967_296;
const MAX_LOAD = 0.7;

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

/** The trading day held in entry word 2. */
export function entryDay(w2: number): number {
  return (w2 & ~OCCUPIED) >>> 3;
}

export function hashEntry(w0: number, w1: number, w2: number, w3: number): number {
  return mix(w0 ^ mix(w1 ^ mix(w2 ^ w3)));
}

export class UniverseTable {
  /** the entries (slots x ENTRY_WORDS words), then the filter (slots / SLOTS_PER_FILTER_WORD) */
  private words!: Uint32Array;
  private filter!: UniverseFilter;
  /** slots - 1 */
  private mask!: number;
  private count = 0;

  private constructor(words: Uint32Array) {
    this.adopt(words);
  }

  /**
   * An empty table with room for `entries` entries without growing (beyond that it grows into a
   * new array). `storage`, when it has the size that takes, is cleared and used instead of a new
   * array.
   */
  static sizedFor(entries: number, storage?: Uint32Array): UniverseTable {
    const words = wordsFor(pow2AtLeast(capacityFor(entries)));
    return new UniverseTable(storage?.length === words ? storage.fill(0) : new Uint32Array(words));
  }

  /** Memory of the table sizedFor makes for `entries` entries (its filter included). */
  static bytesFor(entries: number): number {
    return wordsFor(pow2AtLeast(capacityFor(entries))) * 4;
  }

  /** Its filter, as UniverseFilter.raw: a key whose hash the filter rules out is not in the table. */
  get filterRaw(): { words: Uint32Array; shift: number } {
    return this.filter.raw;
  }

  get size(): number {
    return this.count;
  }

  /** Memory held by the table (its filter included). */
  get bytes(): number {
    return this.words.byteLength;
  }

  /**
   * Hand the table's array over (to build another table in, see sizedFor); this table is left
   * empty. Reusing arrays keeps memory flat where dropped ones would wait for a garbage collection.
   */
  release(): Uint32Array {
    const words = this.words;
    this.adopt(new Uint32Array(wordsFor(pow2AtLeast(0))));
    this.count = 0;
    return words;
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
    const hash = hashEntry(w0, w1, w2, w3);
    if (!this.filter.mayHave(hash)) return false;
    let i = hash & this.mask;
    for (;;) {
      const o = i * ENTRY_WORDS;
      const tag = w[o + 2];
      if (tag === 0) return false;
      if (tag === w2 && w[o] === w0 && w[o + 1] === w1 && w[o + 3] === w3) return true;
      i = (i + 1) & this.mask;
    }
  }

  /** Insert packed entries (4 words each, as UniverseKeyLog.take() gives them). */
  addEntries(packed: Uint32Array): void {
    for (let o = 0; o < packed.length; o += ENTRY_WORDS) {
      if ((this.count + 1) / (this.mask + 1) > MAX_LOAD) this.grow();
      this.insertWords(packed[o], packed[o + 1], packed[o + 2], packed[o + 3]);
    }
  }

  private insertWords(w0: number, w1: number, w2: number, w3: number): boolean {
    const w = this.words;
    const hash = hashEntry(w0, w1, w2, w3);
    let i = hash & this.mask;
    for (;;) {
      const o = i * ENTRY_WORDS;
      const tag = w[o + 2];
      if (tag === 0) {
        this.filter.add(hash);
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
    const oldEntryWords = (this.mask + 1) * ENTRY_WORDS;
    this.adopt(new Uint32Array(wordsFor((this.mask + 1) * 2)));
    this.count = 0;
    for (let o = 0; o < oldEntryWords; o += ENTRY_WORDS) {
      if (old[o + 2] !== 0) this.insertWords(old[o], old[o + 1], old[o + 2], old[o + 3]);
    }
  }

  /** Use `words` (zeroed, wordsFor(some slot count) long) for the entries and the filter. */
  private adopt(words: Uint32Array): void {
    const slots = slotsIn(words.length);
    this.words = words;
    this.filter = new UniverseFilter(words.subarray(slots * ENTRY_WORDS));
    this.mask = slots - 1;
  }
}

/** Array length of a table of `slots` slots (a power of two >= 16) and its filter. */
function wordsFor(slots: number): number {
  return slots * ENTRY_WORDS + slots / SLOTS_PER_FILTER_WORD;
}

function slotsIn(words: number): number {
  return words / (ENTRY_WORDS + 1 / SLOTS_PER_FILTER_WORD);
}

function capacityFor(entries: number): number {
  return Math.ceil(entries / MAX_LOAD) + 1;
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}
