import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LineSink, LineSplitter } from '../../src/ingest/line-splitter.js';

function collect(): { sink: LineSink; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    sink: {
      line: (buf, s, e, offset, index) => seen.push(`${index}@${offset}:${buf.toString('latin1', s, e)}`),
      overlong: (head, offset, index) =>
        seen.push(`${index}@${offset}:overlong ${head.toString('latin1', 0, 4)}`),
    },
  };
}

function feed(splitter: LineSplitter, text: string, step: number): void {
  for (let i = 0; i < text.length; i += step) {
    const part = Buffer.from(text.slice(i, i + step), 'latin1');
    const buf = splitter.reserve(part.length);
    part.copy(buf, splitter.writeAt);
    splitter.commit(part.length);
  }
  splitter.end();
}

test('a line longer than the limit is reported once and skipped; the lines after it are intact', () => {
  const { sink, seen } = collect();
  // limit 16 bytes; the second line is 40 bytes
  const text = `ab\r\n${'x'.repeat(40)}\ncd\nef`;
  feed(new LineSplitter(sink, Buffer.alloc(8), 0, false, Number.POSITIVE_INFINITY, 16), text, 5);
  // offsets: "ab\r\n" = 0..3, the long line starts at 4, "cd" at 4 + 41 = 45, "ef" at 48
  assert.deepEqual(seen, ['0@0:ab', '1@4:overlong xxxx', '2@45:cd', '3@48:ef']);
});

test('lines starting at or after the owned end are not delivered', () => {
  const { sink, seen } = collect();
  // owned end 6: "aa\n" (0) and "bb\n" (3) start before it, "cc" (6) does not
  feed(new LineSplitter(sink, Buffer.alloc(4), 0, false, 6, 1 << 20), 'aa\nbb\ncc\n', 2);
  assert.deepEqual(seen, ['0@0:aa', '1@3:bb']);
});
