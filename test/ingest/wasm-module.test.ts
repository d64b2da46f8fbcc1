import assert from 'node:assert/strict';
import { test } from 'node:test';
import { I32, moduleBytes, op, sleb, uleb } from '../../src/ingest/wasm-module.js';

test('LEB128 encodings are the spec examples', () => {
  assert.deepEqual(uleb(0), [0]);
  assert.deepEqual(uleb(127), [0x7f]);
  assert.deepEqual(uleb(128), [0x80, 0x01]);
  assert.deepEqual(uleb(624_485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(sleb(0), [0]);
  assert.deepEqual(sleb(-1), [0x7f]);
  assert.deepEqual(sleb(63), [0x3f]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.deepEqual(sleb(-64), [0x40]);
  assert.deepEqual(sleb(-65), [0xbf, 0x7f]);
  assert.deepEqual(sleb(-123_456), [0xc0, 0xbb, 0x78]);
});

test('a built module validates, exports its memory and runs its function', () => {
  // f(a, b) = a * b - 1000, and store it at address 8
  const bytes = moduleBytes(
    {
      params: [I32, I32],
      results: [I32],
      locals: [I32],
      body: [
        ...op.get(0),
        ...op.get(1),
        ...op.mul,
        ...op.i32(-1000),
        ...op.add,
        ...op.set(2),
        ...op.i32(8),
        ...op.get(2),
        ...op.store32,
        ...op.get(2),
      ],
    },
    'f',
    2,
  );
  assert.ok(WebAssembly.validate(bytes));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const f = instance.exports.f as (a: number, b: number) => number;
  const memory = instance.exports.memory as WebAssembly.Memory;
  assert.equal(memory.buffer.byteLength, 2 * 65536);
  assert.equal(f(123, 456), 123 * 456 - 1000);
  assert.equal(new Int32Array(memory.buffer)[2], 123 * 456 - 1000);
  assert.equal(f(3, 4), -988);
});
