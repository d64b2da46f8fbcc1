import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KEY_EXTENT, KEY_EXTENT_FIELDS, UniverseKeySpill } from '../../src/ingest/universe-key-spill.js';
import { entryDay, entryWord2 } from '../../src/ingest/universe-table.js';
import { tempDir } from './fixtures.js';

const tmp = tempDir('universe-key-spill');
after(tmp.cleanup);

/** Entries in UniverseTable's word format: [idLow, idHigh mod 2^32, word 2, security]. */
function pack(keys: readonly [number, number, number, number][]): Uint32Array {
  const out = new Uint32Array(keys.length * 4);
  keys.forEach(([idHigh, idLow, day, security], i) => {
    out.set([idLow, idHigh >>> 0, entryWord2(idHigh, day), security >>> 0], i * 4);
  });
  return out;
}

test('keys spill by day through a tiny staging buffer; the extents cover every entry, repeats included', () => {
  const path = join(tmp.dir, 'keys.bin');
  // 64 B budget = 2 buffers x 2 entries: a spill every 2 entries
  const spill = new UniverseKeySpill(path, 64);
  // days interleave: 20000, 20002, 20000, 20001, 20002, 20000, plus a repeat of the first key
  const logs = [
    pack([
      [18446744073, 709551615, 20000, 110621],
      [1, 2, 20002, 7],
      [3, 4, 20000, 7],
    ]),
    pack([
      [5, 6, 20001, 7],
      [7, 8, 20002, 7],
    ]),
    pack([
      [9, 10, 20000, 7],
      [18446744073, 709551615, 20000, 110621],
    ]),
  ];
  for (const l of logs) spill.add(l);
  const index = spill.finish();
  assert.equal(index.path, path);
  // 7 entries x 16 B
  assert.equal(statSync(path).size, 112);
  const file = new Uint32Array(new Uint8Array(readFileSync(path)).buffer);
  const x = index.extents;
  const rows = x.length / KEY_EXTENT_FIELDS;
  const perDay = new Map<number, string[]>();
  let previous: [number, number] = [-1, -1];
  for (let r = 0; r < rows; r++) {
    const o = r * KEY_EXTENT_FIELDS;
    const day = x[o + KEY_EXTENT.day];
    const offset = x[o + KEY_EXTENT.offset];
    assert.ok(day > previous[0] || (day === previous[0] && offset > previous[1]), 'sorted by day, offset');
    previous = [day, offset];
    for (let e = 0; e < x[o + KEY_EXTENT.entries]; e++) {
      const w = offset / 4 + e * 4;
      assert.equal(entryDay(file[w + 2]), day);
      const keys = perDay.get(day) ?? [];
      keys.push(`${file[w]}/${file[w + 1]}/${file[w + 3]}`);
      perDay.set(day, keys);
    }
  }
  // spills: [e1 e2] [e3 e4] [e5 e6] [e7] -> 20000 in spills 1, 2, 3, 4; 20002 in 1, 3; 20001 in 2: 7 extents
  assert.equal(rows, 7);
  // 18446744073 mod 2^32 = 1266874889
  assert.deepEqual(Object.fromEntries(perDay), {
    20000: ['709551615/1266874889/110621', '4/3/7', '10/9/7', '709551615/1266874889/110621'],
    20001: ['6/5/7'],
    20002: ['2/1/7', '8/7/7'],
  });
});

test('no keys: an empty file and no extents', () => {
  const path = join(tmp.dir, 'empty.bin');
  const index = new UniverseKeySpill(path, 1 << 20).finish();
  assert.equal(index.extents.length, 0);
  assert.equal(statSync(path).size, 0);
});
