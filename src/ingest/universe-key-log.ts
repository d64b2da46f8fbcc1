/**
 * What a worker records of the universe during the orders pass: the (order_id, day, security) key
 * of every kept order event, appended to a flat Uint32Array in UniverseTable's entry format and
 * handed to the main thread after each task, which spills them to disk by trading day
 * (universe-key-spill.ts). An append is a sequential write; a hash-table insert is a cache miss,
 * and inserting while scanning was measured to cost a third of the orders pass. A small
 * direct-mapped cache drops repeats of recently seen keys (an order's events tend to come close
 * together), so the log stays near one entry per order and task.
 */
import { entryWord2, hashEntry } from './universe-table.js';

const RECENT_SLOTS = 4096;

export class UniverseKeyLog {
  private words = new Uint32Array(4 * 1024);
  private length = 0;
  private readonly recent = new Uint32Array(RECENT_SLOTS * 4);

  append(idHigh: number, idLow: number, day: number, security: number): void {
    const w0 = idLow;
    const w1 = idHigh >>> 0;
    const w2 = entryWord2(idHigh, day);
    const w3 = security >>> 0;
    const r = (hashEntry(w0, w1, w2, w3) & (RECENT_SLOTS - 1)) * 4;
    const seen = this.recent;
    if (seen[r + 2] === w2 && seen[r] === w0 && seen[r + 1] === w1 && seen[r + 3] === w3) return;
    seen[r] = w0;
    seen[r + 1] = w1;
    seen[r + 2] = w2;
    seen[r + 3] = w3;
    if (this.length + 4 > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const w = this.words;
    const o = this.length;
    w[o] = w0;
    w[o + 1] = w1;
    w[o + 2] = w2;
    w[o + 3] = w3;
    this.length += 4;
  }

  /** The entries appended since the last take, as a fresh array (transferable). */
  take(): Uint32Array {
    const out = this.words.slice(0, this.length);
    this.length = 0;
    return out;
  }
}
