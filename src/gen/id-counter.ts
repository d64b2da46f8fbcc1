/**
 * Increasing 19-digit ids (order ids, match groups) above 2^53, held as two exact doubles (the
 * leading digits and a 12-digit remainder) so the hot path formats them without BigInt.
 */
const LOW_SPAN = 1e12;

export class IdCounter {
  private high: number;
  private low: number;

  /** `start`: decimal text of the first id, at least 13 digits */
  constructor(start: string) {
    this.high = Number(start.slice(0, -12));
    this.low = Number(start.slice(-12));
  }

  /** Returns the current id and moves on by `step` (a positive integer). */
  next(step = 1): string {
    const text = `${this.high}${String(this.low + LOW_SPAN).slice(1)}`;
    this.low += step;
    if (this.low >= LOW_SPAN) {
      this.high += 1;
      this.low -= LOW_SPAN;
    }
    return text;
  }
}
