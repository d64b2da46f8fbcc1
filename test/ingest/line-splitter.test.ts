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

test('every line comes with a word view of the very buffer it is in, also after the buffer grew', () => {
  const views: { sameMemory: boolean; word: number; expected: number }[] = [];
  const sink: LineSink = {
    line(buf, s, e, _offset, _index, view) {
      // the view must be of buf's memory (not of a buffer the splitter dropped when it grew), so
      // a word read at the line start gives the line's first four bytes
      views.push({
        sameMemory:
          view.buffer === buf.buffer && view.byteOffset === buf.byteOffset && view.byteLength === buf.length,
        word: e - s >= 4 ? view.getUint32(s, true) : -1,
        expected: e - s >= 4 ? buf.readUInt32LE(s) : -1,
      });
    },
    overlong: () => assert.fail('no line is too long here'),
  };
  // a 4-byte buffer must grow twice for the 13-byte line; the lines around it fit
  const text = 'abcd\n0123456789xyz\nwxyz\n';
  feed(new LineSplitter(sink, Buffer.alloc(4), 0, false, Number.POSITIVE_INFINITY, 1 << 20), text, 3);
  assert.equal(views.length, 3);
  for (const v of views) {
    assert.ok(v.sameMemory);
    assert.equal(v.word, v.expected);
  }
  assert.deepEqual(
    views.map((v) => v.word),
    [
      Buffer.from('abcd').readUInt32LE(0),
      Buffer.from('0123').readUInt32LE(0),
      Buffer.from('wxyz').readUInt32LE(0),
    ],
  );
});
