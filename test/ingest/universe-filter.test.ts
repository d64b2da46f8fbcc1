import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SLOTS_PER_FILTER_WORD, UniverseFilter } from '../../src/ingest/universe-filter.js';
import { entryWord2, hashEntry } from '../../src/ingest/universe-table.js';
import { rng } from './reference-model.js';

/** The hash a UniverseTable files the key (order id's high/low split, day, security) under. */
function keyHash(idHigh: number, idLow: number, day: number, security: number): number {
  return hashEntry(idLow, idHigh >>> 0, entryWord2(idHigh, day), security >>> 0);
}

function randomKeyHash(r: () => number): number {
  return keyHash(
    Math.floor(r() * 18446744073),
    Math.floor(r() * 1e9),
    19000 + Math.floor(r() * 400),
    Math.floor(r() * 4294967296),
  );
}

/** Share of `queries` random keys (almost surely not added) the filter lets through. */
function passRate(filter: UniverseFilter, r: () => number, queries: number): number {
  let passed = 0;
  for (let q = 0; q < queries; q++) if (filter.mayHave(randomKeyHash(r))) passed++;
  return passed / queries;
}

test('a filter never says "absent" for a key it was given, at any size and load', () => {
  const r = rng(2024);
  // 2 words up to 2^18 (past 2^17 words the word index shares hash bits with the bit positions),
  // each loaded to 1, 2 or 4 keys per word (32, 16 and 8 bits per key)
  for (let words = 2; words <= 2 ** 18; words *= 8) {
    for (const keysPerWord of [1, 2, 4]) {
      const filter = new UniverseFilter(new Uint32Array(words));
      const added = Array.from({ length: words * keysPerWord }, () => randomKeyHash(r));
      for (const h of added) filter.add(h);
      const missed = added.filter((h) => !filter.mayHave(h)).length;
      assert.equal(missed, 0, `${words} words, ${keysPerWord} keys per word`);
    }
  }
});

// A table of 2^16 slots has a filter of 2^16 / 4 = 16,384 words = 524,288 bits. It is sized so for
// 22,938 to 45,874 entries (ceil(n / 0.7) + 1 must exceed 2^15 and stay within 2^16), i.e. from
// 524,288 / 45,874 = 11.43 to 524,288 / 22,938 = 22.86 bits per key: 2.80 to 1.40 keys per word.
// Designed rate (universe-filter.ts): sum over Poisson(L) of (1 - (31/32)^(3L))^3 = 2.11% and
// 0.54%; a simulation that lets the 3 bit positions coincide gave 2.19% and 0.55%. 400,000
// queries measure a rate near 2% to +-0.02% (one standard deviation), so the bounds below allow
// for coinciding positions, not for a filter built or sized otherwise.
const SLOTS = 2 ** 16;

test('false positives at the fullest and the emptiest table of a size are near the design', () => {
  assert.equal(SLOTS / SLOTS_PER_FILTER_WORD, 16_384);
  for (const [entries, low, high] of [
    [45_874, 0.019, 0.024],
    [22_938, 0.0045, 0.0065],
  ]) {
    const r = rng(entries);
    const filter = new UniverseFilter(new Uint32Array(SLOTS / SLOTS_PER_FILTER_WORD));
    for (let i = 0; i < entries; i++) filter.add(randomKeyHash(r));
    const rate = passRate(filter, r, 400_000);
    assert.ok(rate > low && rate < high, `${entries} keys: ${(rate * 100).toFixed(3)}%`);
  }
});

test('keys of one day as the exchange numbers them: their near neighbours are filtered out too', () => {
  // 45,874 orders (the fullest table of 2^16 slots, 11.43 bits per key) of 4 securities, with
  // consecutive ids from 7,123,000,000,000 (idHigh 7123, idLow counting up)
  const filter = new UniverseFilter(new Uint32Array(SLOTS / SLOTS_PER_FILTER_WORD));
  const key = (n: number, security: number, day: number) => keyHash(7123, n, day, security);
  for (let n = 0; n < 45_874; n++) filter.add(key(n, 110_621 + (n % 4), 20_000));
  // the trades that are not universe trades: the next ids, the same ids under other securities
  // and the same keys a day later; each sort should pass like random keys (~2.2%, above)
  const neighbours: [string, (n: number) => number][] = [
    ['next ids', (n) => key(45_874 + n, 110_621 + (n % 4), 20_000)],
    ['other security', (n) => key(n, 110_622 + (n % 4), 20_000)],
    ['next day', (n) => key(n, 110_621 + (n % 4), 20_001)],
  ];
  for (const [what, hashOf] of neighbours) {
    let passed = 0;
    for (let n = 0; n < 45_874; n++) if (filter.mayHave(hashOf(n))) passed++;
    assert.ok(passed / 45_874 < 0.027, `${what}: ${passed} of 45,874 pass`);
  }
});

test('a filter needs a power-of-two length of at least 2 words', () => {
  for (const words of [0, 1, 3, 12])
    assert.throws(() => new UniverseFilter(new Uint32Array(words)), RangeError);
});
