import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RowBuffer } from '../../src/gen/row-buffer.js';

function text(rb: RowBuffer): string {
  rb.flush();
  return Buffer.concat(rb.take()).toString('latin1');
}

describe('RowBuffer', () => {
  it('formats integers exactly across the 32-bit boundary and up to 2^53', () => {
    const rb = new RowBuffer();
    rb.begin();
    for (const n of [0, 7, 10, -42, 2147483647, 2147483648, 1727740800, 9007199254740991]) {
      rb.int(n);
      rb.comma();
    }
    rb.end();
    assert.equal(text(rb), '0,7,10,-42,2147483647,2147483648,1727740800,9007199254740991,\n');
  });

  it('pads nanoseconds to nine digits', () => {
    const rb = new RowBuffer();
    rb.begin();
    rb.nine(0);
    rb.comma();
    rb.nine(500_000);
    rb.comma();
    rb.nine(999_999_999);
    rb.end();
    assert.equal(text(rb), '000000000,000500000,999999999\n');
  });

  it('seals 1 MiB chunks on line boundaries and remembers the last built line across a seal', () => {
    const rb = new RowBuffer();
    const line = 'x'.repeat(99);
    // 100 bytes a line with LF: 10,486 lines fill 1,048,600 bytes, beyond one 1,048,576-byte chunk
    // (a line starts in a chunk only when 1,024 bytes are free, so the first chunk takes 10,476)
    for (let i = 0; i < 10_486; i++) {
      rb.begin();
      rb.text(line);
      rb.end();
    }
    rb.line('malformed');
    assert.equal(rb.lastLine(), line, 'a whole-line write is not the template');
    const chunks = rb.take();
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0].length, 10_476 * 100);
    assert.equal(chunks[0][chunks[0].length - 1], 10);
    rb.flush();
    const rest = rb.take();
    // 10 lines of 100 bytes + "malformed\n"
    assert.equal(rest[0].length, 1000 + 10);
  });

  it('has no last line before the first one', () => {
    assert.equal(new RowBuffer().lastLine(), '');
  });
});
