import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionKeyMap } from '../../src/store/partition-key-map.js';
import { rng } from '../ingest/reference-model.js';

test('agrees with a Map on (day, security) keys through growth, overwrites and clears', () => {
  const r = rng(11);
  const map = new PartitionKeyMap(4);
  let reference = new Map<string, number>();
  // security codes across the whole uint32 range, including those >= 2^31 (negative as int32)
  const securities = [
    0,
    1,
    110621,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32 - 1,
    ...Array.from({ length: 40 }, () => Math.floor(r() * 2 ** 32)),
  ];
  const days = [0, 1, 19_970, 19_971, 20_000, 2 ** 28 - 1];
  for (let step = 0; step < 20_000; step++) {
    const day = days[Math.floor(r() * days.length)];
    const security = securities[Math.floor(r() * securities.length)];
    const key = `${day}/${security}`;
    const u = r();
    if (u < 0.45) {
      const value = Math.floor(r() * 1000);
      map.set(day, security, value);
      reference.set(key, value);
    } else if (u < 0.999) {
      assert.equal(map.get(day, security), reference.get(key) ?? -1, key);
    } else {
      map.clear();
      reference = new Map();
    }
    assert.equal(map.size, reference.size);
  }
  for (const [key, value] of reference) {
    const [day, security] = key.split('/').map(Number);
    assert.equal(map.get(day, security), value);
  }
});

test('keys that share a day or a security are told apart', () => {
  const map = new PartitionKeyMap();
  map.set(19_971, 110621, 0);
  map.set(19_972, 110621, 1);
  map.set(19_971, 110622, 2);
  assert.equal(map.get(19_971, 110621), 0);
  assert.equal(map.get(19_972, 110621), 1);
  assert.equal(map.get(19_971, 110622), 2);
  assert.equal(map.get(19_972, 110622), -1);
  assert.equal(map.size, 3);
});
