import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UniverseKeyLog } from '../../src/ingest/universe-key-log.js';
import { UniverseTable } from '../../src/ingest/universe-table.js';

test('the table grows, de-duplicates and tells apart ids, days and securities', () => {
  const t = UniverseTable.create(16);
  // idHigh up to 18446744073 (> 2^32) so the high word's top bits matter
  for (let i = 0; i < 5000; i++) assert.equal(t.add(18446744073 - i, i, 19971 + (i % 3), 110621), true);
  assert.equal(t.add(18446744073, 0, 19971, 110621), false);
  assert.equal(t.size, 5000);
  assert.equal(t.has(18446744073 - 7, 7, 19971 + 1, 110621), true);
  assert.equal(t.has(18446744073 - 7, 7, 19971, 110621), false); // other day
  assert.equal(t.has(18446744073 - 7, 7, 19972, 110622), false); // other security
  assert.equal(t.has(18446744073 - 7 - 2 ** 32, 7, 19972, 110621), false); // idHigh differs above bit 32
});

test('key logs drop recent repeats; their entries land in the table and are visible through fromShared', () => {
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
  const table = UniverseTable.create(16);
  table.addEntries(first);
  table.addEntries(second);
  table.addEntries(first); // re-adding is idempotent
  assert.equal(table.size, 3);
  const view = UniverseTable.fromShared(table.sharedBuffer);
  assert.equal(view.has(5, 6, 7, 8), true);
  assert.equal(view.has(9, 10, 11, 12), true);
  assert.equal(view.has(1, 2, 3, 5), false);
});
