import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UniverseKeyLog } from '../../src/ingest/universe-key-log.js';
import { entryDay, entryWord2, UniverseTable } from '../../src/ingest/universe-table.js';
import { rng } from './reference-model.js';

test('the table grows, de-duplicates and tells apart ids, days and securities', () => {
  const t = UniverseTable.sizedFor(10); // 16 slots to start with
  // idHigh up to 18446744073 (> 2^32) so the high word's top bits matter
  for (let i = 0; i < 5000; i++) assert.equal(t.add(18446744073 - i, i, 19971 + (i % 3), 110621), true);
  assert.equal(t.add(18446744073, 0, 19971, 110621), false);
  assert.equal(t.size, 5000);
  assert.equal(t.has(18446744073 - 7, 7, 19971 + 1, 110621), true);
  assert.equal(t.has(18446744073 - 7, 7, 19971, 110621), false); // other day
  assert.equal(t.has(18446744073 - 7, 7, 19972, 110622), false); // other security
  assert.equal(t.has(18446744073 - 7 - 2 ** 32, 7, 19972, 110621), false); // idHigh differs above bit 32
});

test('key logs drop recent repeats; their entries land in the table once', () => {
  const log = new UniverseKeyLog();
  log.append(1, 2, 3, 4);
  log.append(1, 2, 3, 4); // a repeat: not logged again
  log.append(5, 6, 7, 8);
  const first = log.take();
  assert.equal(first.length, 8); // 2 entries x 4 words
  log.append(1, 2, 3, 4); // still recent after take()
  log.append(9, 10, 11, 12);
  const second = log.take();
  assert.equal(second.length, 4);
  const table = UniverseTable.sizedFor(10);
  table.addEntries(first);
  table.addEntries(second);
  table.addEntries(first); // re-adding is idempotent
  assert.equal(table.size, 3);
  assert.equal(table.has(5, 6, 7, 8), true);
  assert.equal(table.has(9, 10, 11, 12), true);
  assert.equal(table.has(1, 2, 3, 5), false);
});

test('sizedFor makes room for its entries without growing; word 2 gives back the day', () => {
  const log = new UniverseKeyLog();
  // 100 keys of day 2^28 - 1 (the largest the entry holds), ids above 2^53
  for (let i = 0; i < 100; i++) log.append(18446744073 - i, 709551615 - i, 2 ** 28 - 1, 4294967295);
  const once = log.take();
  // 200 entries / 0.7 load = 285.7, ceil + 1 = 287 slots -> 512 (power of two) x 16 B = 8192 B,
  // + the filter's 8 bits per slot = 512 B: 8704 B
  assert.equal(UniverseTable.bytesFor(200), 8704);
  const table = UniverseTable.sizedFor(200);
  table.addEntries(once);
  table.addEntries(once); // repeats are absorbed
  assert.deepEqual([table.size, table.bytes], [100, 8704]);
  assert.equal(table.has(18446744073 - 99, 709551615 - 99, 2 ** 28 - 1, 4294967295), true);
  assert.equal(table.has(18446744073 - 99, 709551615 - 99, 2 ** 28 - 2, 4294967295), false);
  assert.equal(entryDay(once[2]), 2 ** 28 - 1);
  assert.equal(entryDay(entryWord2(18446744073, 19971)), 19971);
});

test('a released array of the right size is cleared and built in; one of another size is not used', () => {
  const log = new UniverseKeyLog();
  for (let i = 0; i < 10; i++) log.append(1, i, 20000, 5);
  // 10 / 0.7 = 14.3, ceil + 1 = 16 slots x 16 B = 256 B, + the filter's 16 x 1 B = 272 B
  const first = UniverseTable.sizedFor(10);
  first.addEntries(log.take());
  assert.deepEqual([first.size, first.bytes], [10, 272]);
  const storage = first.release();
  assert.equal(storage.length, 68); // 16 slots x 4 words + 4 filter words
  assert.deepEqual([first.size, first.has(1, 0, 20000, 5)], [0, false]);
  const second = UniverseTable.sizedFor(10, storage);
  for (let i = 0; i < 10; i++) log.append(2, i, 20001, 6);
  const secondKeys = log.take();
  second.addEntries(secondKeys);
  assert.equal(second.size, 10);
  assert.equal(second.has(2, 9, 20001, 6), true);
  assert.equal(second.has(1, 9, 20000, 5), false); // the released table's entries were cleared
  // the table lives in the array it was given: 10 of its 16 slots are occupied (word 2 set)
  assert.equal(storage.subarray(0, 64).filter((w, i) => i % 4 === 2 && w !== 0).length, 10);
  // ... and so does its filter, with no bit left of the first table's: the array is word for word
  // what a table built afresh from the same keys holds
  const fresh = UniverseTable.sizedFor(10);
  fresh.addEntries(secondKeys);
  assert.deepEqual(storage, fresh.release());
  const wrongSize = new Uint32Array(64);
  const other = UniverseTable.sizedFor(10, wrongSize);
  other.add(3, 3, 20002, 7);
  assert.deepEqual([other.bytes, wrongSize.every((w) => w === 0)], [272, true]);
});

test('every key added is found, over many days and table sizes, grown or sized for', () => {
  const r = rng(77);
  for (const entries of [1, 11, 12, 300, 2_000, 20_000]) {
    const sized = UniverseTable.sizedFor(entries);
    const grown = UniverseTable.sizedFor(1); // grows 16 -> 32 -> ... slots as keys arrive
    const keys: [number, number, number, number][] = [];
    for (let i = 0; i < entries; i++) {
      const key: [number, number, number, number] = [
        Math.floor(r() * 18446744073),
        Math.floor(r() * 1e9),
        19000 + Math.floor(r() * 200),
        Math.floor(r() * 4294967296),
      ];
      keys.push(key);
      sized.add(...key);
      grown.add(...key);
    }
    // a filter that said "absent" for any of them would make has() false
    assert.equal(keys.filter((k) => !sized.has(...k) || !grown.has(...k)).length, 0, `${entries}`);
    assert.equal(sized.bytes, UniverseTable.bytesFor(entries));
  }
});
