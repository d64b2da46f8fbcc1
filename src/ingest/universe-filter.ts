/**
 * A blocked Bloom filter over the 32-bit entry hashes of a UniverseTable (universe-table.ts), kept
 * in front of it: a day's table (~350 k entries x 16 B) is far larger than L2, so a probe for one
 * of the ~87% of trades that are not universe trades is a cache miss; the filter, 8 bits per table
 * slot (1/16 of the table), stays cache-resident and settles almost all of them. It never answers
 * "absent" for a key that was added, so the table still decides every "maybe" and answers are
 * exact.
 *
 * Each key sets 3 bits in ONE 32-bit word (one memory access per lookup): the word is chosen by the
 * hash's top bits, the bits by its low 15 bits. That split takes disjoint hash bits for up to 2^17
 * words (a table of 2^19 slots, ~367 k entries); in larger filters the word index shares bits with
 * the bit positions, which only raises the false-positive rate a little.
 *
 * A table has between 1/0.7 and 2/0.7 slots per entry, so 11.4 to 22.9 filter bits per key: 2.8 to
 * 1.4 keys per word on average. With L keys in a word, a key not added passes with probability
 * (1 - (31/32)^(3L))^3; averaged over Poisson(L) that is ~2.1% at 11.4 bits per key, ~1.1% at 16
 * and ~0.54% at 22.9 (a filter spread over a whole cache line would halve these, for more work
 * per lookup on the hits the filter cannot avoid anyway).
 */

/** Table slots per filter word (8 filter bits per slot). */
export const SLOTS_PER_FILTER_WORD = 4;

/** The 3 bits of a hash within its word (fewer when positions coincide). */
function bitsOf(hash: number): number {
  return (1 << (hash & 31)) | (1 << ((hash >>> 5) & 31)) | (1 << ((hash >>> 10) & 31));
}

export class UniverseFilter {
  private readonly words: Uint32Array;
  /** 32 - log2(words.length): the hash's top bits pick the word */
  private readonly shift: number;

  /** A filter in `words` (as they are: zeroed for an empty one); length a power of two, >= 2. */
  constructor(words: Uint32Array) {
    if (words.length < 2 || (words.length & (words.length - 1)) !== 0)
      throw new RangeError(`filter length ${words.length} is not a power of two >= 2`);
    this.words = words;
    this.shift = Math.clz32(words.length) + 1;
  }

  /** The filter's words and shift, for a copy that answers mayHave the same way elsewhere
   * (block-scanner.ts's trades kernel): word hash >>> shift, the bits of bitsOf(hash). */
  get raw(): { words: Uint32Array; shift: number } {
    return { words: this.words, shift: this.shift };
  }

  add(hash: number): void {
    this.words[hash >>> this.shift] |= bitsOf(hash);
  }

  /** False: the hash was never added. True: it may have been. */
  mayHave(hash: number): boolean {
    const bits = bitsOf(hash);
    return (this.words[hash >>> this.shift] & bits) === bits;
  }
}
