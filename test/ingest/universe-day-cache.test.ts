import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UniverseDayCache } from '../../src/ingest/universe-day-cache.js';
import { type UniverseKeyIndex, UniverseKeySpill } from '../../src/ingest/universe-key-spill.js';
import { entryWord2, UniverseTable } from '../../src/ingest/universe-table.js';
import { tempDir } from './fixtures.js';
import { rng } from './reference-model.js';

const tmp = tempDir('universe-day-cache');
after(tmp.cleanup);

type Key = [idHigh: number, idLow: number, day: number, security: number];

let files = 0;
/** Spill `keys` (in this order, through a staging buffer of `staging` entries) to a new keys file. */
function spilled(keys: readonly Key[], staging = 8): UniverseKeyIndex {
  const spill = new UniverseKeySpill(join(tmp.dir, `keys-${files++}.bin`), staging * 32);
  for (const [idHigh, idLow, day, security] of keys)
    spill.add(Uint32Array.of(idLow, idHigh >>> 0, entryWord2(idHigh, day), security >>> 0));
  return spill.finish();
}

/** 300 keys per day for days 20000, 20001, 20002; ids above 2^53, days interleaved in the file. */
function threeDays(): Key[] {
  const keys: Key[] = [];
  for (let i = 0; i < 300; i++) {
    for (const day of [20001, 20000, 20002]) keys.push([18446744073 - i, 1000 * day + i, day, 110621]);
  }
  return keys;
}

// 300 entries / 0.7 = 428.6, ceil + 1 = 430 slots -> 512 x 16 B = 8192 B per day, and its filter
// of 8 bits per slot (512 B): 8704 B
const DAY_TABLE = 8704;

test('a day is built on its first trade, then hit; a day without universe loads nothing', () => {
  assert.equal(UniverseTable.bytesFor(300), DAY_TABLE);
  const cache = new UniverseDayCache(spilled(threeDays()), 2 * DAY_TABLE);
  assert.equal(cache.has(18446744073 - 5, 20000005, 20000, 110621), true);
  assert.equal(cache.loads, 1);
  assert.equal(cache.has(18446744073 - 299, 20000299, 20000, 110621), true);
  assert.equal(cache.has(18446744073 - 5, 20000005, 20000, 110622), false); // other security
  assert.equal(cache.has(18446744073 - 5, 20000006, 20000, 110621), false); // other id
  assert.equal(cache.has(18446744073 - 5, 20001005, 20000, 110621), false); // a key of day 20001
  assert.equal(cache.loads, 1);
  assert.equal(cache.has(18446744073 - 5, 19999005, 19999, 110621), false); // no keys that day
  assert.deepEqual([cache.loads, cache.cachedDays], [1, [20000]]);
  assert.equal(cache.has(18446744073 - 5, 20001005, 20001, 110621), true);
  assert.deepEqual([cache.loads, cache.cachedDays], [2, [20000, 20001]]);
  cache.close();
});

test('beyond the budget the least recently used day is evicted and built again when asked', () => {
  const cache = new UniverseDayCache(spilled(threeDays()), 2 * DAY_TABLE);
  const ask = (day: number) => cache.has(18446744073 - 1, 1000 * day + 1, day, 110621);
  assert.equal(ask(20000), true);
  assert.equal(ask(20001), true);
  assert.equal(ask(20000), true); // a hit makes 20000 the most recent
  assert.deepEqual([cache.loads, cache.cachedDays], [2, [20001, 20000]]);
  assert.equal(ask(20002), true); // 3 tables do not fit in 2: 20001 goes
  assert.deepEqual([cache.loads, cache.cachedDays], [3, [20000, 20002]]);
  assert.equal(ask(20001), true); // built again; 20000 goes
  assert.deepEqual([cache.loads, cache.cachedDays], [4, [20002, 20001]]);
  cache.close();
});

test('a budget smaller than one day still keeps the day asked for', () => {
  const cache = new UniverseDayCache(spilled(threeDays()), 1);
  assert.equal(cache.has(18446744073, 20002000, 20002, 110621), true);
  assert.deepEqual(cache.cachedDays, [20002]);
  assert.equal(cache.has(18446744073, 20000000, 20000, 110621), true);
  assert.deepEqual([cache.loads, cache.cachedDays], [2, [20000]]);
  cache.close();
});

test('unsorted days over a one-day budget: every answer equals a plain set lookup', () => {
  const r = rng(4242);
  const days = [20000, 20001, 20002, 20003, 20004, 20006];
  const keys: Key[] = [];
  const truth = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const key: Key = [
      Math.floor(r() * 18446744073),
      Math.floor(r() * 1e9),
      days[Math.floor(r() * 6)],
      1 + Math.floor(r() * 3),
    ];
    keys.push(key);
    truth.add(key.join('/'));
  }
  const cache = new UniverseDayCache(spilled(keys), 1);
  let expectedLoads = 0;
  let cachedDay = -1;
  for (let q = 0; q < 3000; q++) {
    // 3 questions in 8 are universe keys; the others change one part (20005 has no keys)
    const [idHigh, idLow, day, security] = keys[Math.floor(r() * keys.length)];
    const which = Math.floor(r() * 8);
    const asked: Key = [
      which === 0 ? idHigh + 1 : idHigh,
      which === 1 ? idLow + 1 : idLow,
      which === 2 ? 20005 : which === 3 ? days[(days.indexOf(day) + 1) % 6] : day,
      which === 4 ? security + 3 : security,
    ];
    // only one day fits: each day with keys other than the one in memory is built (again)
    if (asked[2] !== 20005 && asked[2] !== cachedDay) {
      expectedLoads++;
      cachedDay = asked[2];
    }
    assert.equal(cache.has(...asked), truth.has(asked.join('/')), asked.join('/'));
  }
  assert.equal(cache.loads, expectedLoads);
  assert.ok(expectedLoads > 2000, `${expectedLoads} builds`);
  cache.close();
});

test('a small day built after a big one holds only its own keys (the read space is reused)', () => {
  const keys: Key[] = [];
  for (let i = 0; i < 600; i++) keys.push([7, i, 20010, 1]);
  for (let i = 0; i < 300; i++) keys.push([7, i, 20011, 1]);
  // 600 / 0.7 = 857.1, ceil + 1 = 859 -> 1024 slots x (16 B + a 1 B filter) = 17408 B;
  // 300 -> 8704 B (above)
  assert.equal(UniverseTable.bytesFor(600), 17408);
  const cache = new UniverseDayCache(spilled(keys), 17408 + DAY_TABLE);
  assert.equal(cache.has(7, 599, 20010, 1), true);
  assert.equal(cache.has(7, 299, 20011, 1), true);
  assert.equal(cache.has(7, 300, 20011, 1), false);
  assert.deepEqual([cache.loads, cache.cachedDays, cache.bytes], [2, [20010, 20011], 17408 + 8704]);
  cache.close();
});

test('a day whose keys are one extent longer than a read chunk is read whole', () => {
  const keys: Key[] = [];
  for (let i = 0; i < 40_000; i++) keys.push([i % 7, i, 20020, 3]);
  const index = spilled(keys, 40_000);
  // one spill: a single extent of 40,000 keys, read in chunks of 16,384 (2 full + 7,232)
  assert.deepEqual([...index.extents], [20020, 0, 40_000]);
  const cache = new UniverseDayCache(index, 1);
  for (const i of [0, 16_383, 16_384, 32_767, 32_768, 39_999])
    assert.equal(cache.has(i % 7, i, 20020, 3), true, `${i}`);
  assert.equal(cache.has(0, 40_000, 20020, 3), false);
  // 40,000 / 0.7 = 57,142.9, ceil + 1 = 57,144 slots -> 65,536 x (16 B + a 1 B filter)
  assert.equal(cache.bytes, 65_536 * 17);
  cache.close();
});
