import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesBelowDash, commaBytes, plainFieldStart } from '../../src/ingest/word-scan.js';
import { rng } from './reference-model.js';

/** The little-endian word of four bytes, as DataView.getInt32(p, true) reads it. */
function word(b0: number, b1: number, b2: number, b3: number): number {
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}

test('bytesBelowDash and commaBytes flag exactly the right bytes, every byte value in every position', () => {
  const r = rng(7);
  for (let pos = 0; pos < 4; pos++) {
    for (let b = 0; b < 256; b++) {
      // the other three bytes random, including values that could borrow or carry into `pos`
      const bytes = [0, 1, 2, 3].map(() => Math.floor(r() * 256));
      bytes[pos] = b;
      const x = word(bytes[0], bytes[1], bytes[2], bytes[3]);
      const below = bytesBelowDash(x);
      const commas = commaBytes(x);
      for (let i = 0; i < 4; i++) {
        const bit = (below >>> (8 * i + 7)) & 1;
        assert.equal(bit, bytes[i] < 0x2d ? 1 : 0, `byte ${bytes[i]} at ${i} of ${bytes}`);
        assert.equal((commas >>> (8 * i + 7)) & 1, bytes[i] === 0x2c ? 1 : 0, `comma ${bytes[i]} at ${i}`);
      }
      assert.equal(below & ~0x8080_8080, 0, 'only high bits are set');
    }
  }
});

/** Start of field `field` by walking bytes; -1 when the line has fewer fields. */
function naiveFieldStart(bytes: Uint8Array, s: number, e: number, field: number): number {
  let seen = 0;
  for (let p = s; p < e; p++) {
    if (seen === field) return p;
    if (bytes[p] === 0x2c) {
      seen++;
      if (seen === field) return p + 1;
    }
  }
  return seen === field ? e : -1;
}

test('plainFieldStart finds the field a byte walk finds, or leaves the row to the careful loop', () => {
  const r = rng(2026);
  const plainAlphabet = '0123456789abcXYZ.-/:'.split('').map((c) => c.charCodeAt(0));
  const specials = [0x22, 0x0d, 0x0a, 0x20, 0x09, 0x21, 0x2b, 0xc3, 0xa9];
  let settled = 0;
  let leftToCareful = 0;
  for (let trial = 0; trial < 20_000; trial++) {
    const specialRate = trial % 3 === 0 ? 0.05 : 0;
    const len = Math.floor(r() * 90);
    const bytes = new Uint8Array(len + 8);
    // bytes past the line end are commas: a scan reading beyond e would be caught miscounting
    bytes.fill(0x2c);
    for (let i = 0; i < len; i++) {
      const u = r();
      bytes[i] =
        u < 0.2
          ? 0x2c
          : u < 0.2 + specialRate
            ? specials[Math.floor(r() * specials.length)]
            : plainAlphabet[Math.floor(r() * plainAlphabet.length)];
    }
    const s = Math.floor(r() * Math.min(len + 1, 5));
    const view = new DataView(bytes.buffer);
    for (let field = 0; field < 12; field++) {
      const got = plainFieldStart(view, s, len, field);
      const want = naiveFieldStart(bytes, s, len, field);
      if (got >= 0) {
        settled++;
        assert.equal(
          got,
          want,
          `field ${field} of ${JSON.stringify(Buffer.from(bytes.subarray(s, len)).toString('latin1'))}`,
        );
        for (let p = s; p < got; p++)
          assert.ok(
            bytes[p] === 0x2c || bytes[p] >= 0x2d,
            'a settled row has no special byte before its field',
          );
        continue;
      }
      leftToCareful++;
      if (field === 0) assert.fail('field 0 always starts at s');
      // giving up is only allowed for a special byte, a missing field, or a comma in the last partial word
      const comma = want < 0 ? -1 : want - 1;
      const fullWordsEnd = s + 4 * Math.floor((len - s) / 4);
      let special = false;
      for (let p = s; p < Math.min(len, comma < 0 ? len : comma + 4); p++)
        if (bytes[p] < 0x2d && bytes[p] !== 0x2c) special = true;
      assert.ok(special || want < 0 || comma >= fullWordsEnd, `gave up needlessly on field ${field}`);
    }
  }
  assert.ok(settled > 50_000 && leftToCareful > 10_000, `${settled} settled, ${leftToCareful} left`);
});
