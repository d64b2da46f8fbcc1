/**
 * The trades pass's view of the universe (SPEC §3) in one scan worker: a UniverseTable per trading
 * day, built from that day's extents of the keys file (universe-key-spill.ts) the first time a
 * trade of the day asks, and kept in least-recently-used order within a memory budget, so memory
 * follows the largest day's universe, not the input's.
 *
 * Inputs are usually in time order, so a worker needs one or two days at a time and builds each
 * once. An input out of time order over more days than the budget holds is still exact, only
 * slower: a day evicted and asked for again is read and built again. The day asked for is always
 * kept, so a day larger than the whole budget still works (its table alone is then in memory).
 * A day's keys are inserted as they are read, a chunk at a time, in file order: grouping them by
 * table region first (as a one-shot whole-input table once did) saved only ~25% of a build that
 * takes ~0.1 us per key, for 16 B per key of memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { errors } from '../errors.js';
import { KEY_EXTENT, KEY_EXTENT_FIELDS, type UniverseKeyIndex } from './universe-key-spill.js';
import { ENTRY_WORDS, UniverseTable } from './universe-table.js';

const ENTRY_BYTES = ENTRY_WORDS * 4;
const READ_CHUNK_ENTRIES = 16 * 1024;

export class UniverseDayCache {
  /** day -> its extent rows [first, end) and their entry count (extents are sorted by day) */
  private readonly dayKeys = new Map<number, { first: number; end: number; entries: number }>();
  /** cached tables, least recently used first (Map keeps insertion order) */
  private readonly tables = new Map<number, UniverseTable>();
  private cachedBytes = 0;
  private fd = -1;
  private lastDay = Number.NaN;
  private last: UniverseTable | null = null;
  private loadCount = 0;
  private readonly chunk = new Uint32Array(READ_CHUNK_ENTRIES * ENTRY_WORDS);

  constructor(
    private readonly index: UniverseKeyIndex,
    private readonly budgetBytes: number,
  ) {
    const x = index.extents;
    for (let row = 0; row < x.length / KEY_EXTENT_FIELDS; row++) {
      const o = row * KEY_EXTENT_FIELDS;
      const day = x[o + KEY_EXTENT.day];
      const at = this.dayKeys.get(day);
      if (at) {
        at.end = row + 1;
        at.entries += x[o + KEY_EXTENT.entries];
      } else this.dayKeys.set(day, { first: row, end: row + 1, entries: x[o + KEY_EXTENT.entries] });
    }
  }

  /** Is (order id, day, security) a universe key? idHigh/idLow: the id's exact high/low split. */
  has(idHigh: number, idLow: number, day: number, security: number): boolean {
    if (day !== this.lastDay) this.select(day);
    return this.last?.has(idHigh, idLow, day, security) ?? false;
  }

  /** The day has() last looked in and its table (null before the first lookup, or when that
   * day has no universe keys). */
  get current(): { day: number; table: UniverseTable } | null {
    return this.last === null ? null : { day: this.lastDay, table: this.last };
  }

  /** Tables built so far (a day evicted and built again counts twice). */
  get loads(): number {
    return this.loadCount;
  }

  /** Memory held by the cached tables (with their filters: UniverseTable.bytes). */
  get bytes(): number {
    return this.cachedBytes;
  }

  /** Days whose tables are in memory, least recently used first. */
  get cachedDays(): number[] {
    return [...this.tables.keys()];
  }

  /** Close the keys file (the tables stay usable). */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private select(day: number): void {
    this.lastDay = day;
    let table = this.tables.get(day);
    if (table) {
      this.tables.delete(day);
      this.tables.set(day, table);
    } else {
      const keys = this.dayKeys.get(day);
      if (!keys) {
        this.last = null;
        return;
      }
      // make room first, so that the old tables and the new one are not all in memory at once;
      // an evicted table of the right size lends its array to the new one
      const need = UniverseTable.bytesFor(keys.entries);
      let storage: Uint32Array | undefined;
      for (const [old, t] of this.tables) {
        if (this.cachedBytes + need <= this.budgetBytes) break;
        this.tables.delete(old);
        this.cachedBytes -= t.bytes;
        if (t.bytes === need && storage === undefined) storage = t.release();
      }
      const built = UniverseTable.sizedFor(keys.entries, storage);
      this.readKeys(keys.first, keys.end, (chunk) => built.addEntries(chunk));
      table = built;
      this.loadCount++;
      this.tables.set(day, table);
      this.cachedBytes += table.bytes;
    }
    this.last = table;
  }

  /** Hand the keys of extent rows [first, end) to `take`, a chunk at a time. */
  private readKeys(first: number, end: number, take: (chunk: Uint32Array) => void): void {
    if (this.fd < 0) this.fd = openSync(this.index.path, 'r');
    const chunk = this.chunk;
    const bytes = new Uint8Array(chunk.buffer);
    const x = this.index.extents;
    for (let row = first; row < end; row++) {
      const o = row * KEY_EXTENT_FIELDS;
      const offset = x[o + KEY_EXTENT.offset];
      const length = x[o + KEY_EXTENT.entries] * ENTRY_BYTES;
      for (let at = 0; at < length; at += bytes.length) {
        const want = Math.min(bytes.length, length - at);
        let done = 0;
        while (done < want) {
          const n = readSync(this.fd, bytes, done, want - done, offset + at + done);
          if (n === 0)
            throw errors.internal(`universe keys file ${this.index.path} is shorter than its index`);
          done += n;
        }
        take(chunk.subarray(0, want / 4));
      }
    }
  }
}
