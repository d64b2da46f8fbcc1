/**
 * Property test of the line splitting and byte-range ownership: for random texts (CRLF, quotes,
 * blank lines, no final newline), read sizes from 7 bytes up and 1..5 ranges, the lines delivered
 * by all ranges together, with line numbers fixed up from the per-range line counts, are exactly
 * the lines of text.split("\n"). gzipBlocks() is checked the same way: its blocks, cut at line ends
 * into pooled shared memory, put back together give the text after the header.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BlockBuffers, gzipBlocks, scanPlainRange } from '../../src/ingest/chunk-reader.js';
import type { LineSink } from '../../src/ingest/line-splitter.js';
import { tempDir, writeText } from './fixtures.js';
import { rng } from './reference-model.js';

const tmp = tempDir('chunk-reader');
after(tmp.cleanup);

interface Seen {
  line: number;
  offset: number;
  text: string;
}

function randomText(r: () => number): string {
  const pieces = ['a', 'bb', ',', '"', '""', '\r', '123', 'xyz,', ' '];
  let text = 'h1,h2\n';
  const lines = 1 + Math.floor(r() * 40);
  for (let i = 0; i < lines; i++) {
    const n = Math.floor(r() * 12);
    for (let k = 0; k < n; k++) text += pieces[Math.floor(r() * pieces.length)];
    if (i < lines - 1 || r() < 0.5) text += r() < 0.4 ? '\r\n' : '\n';
  }
  return text;
}

function reference(text: string): Seen[] {
  const out: Seen[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, i) => {
    const isLast = offset + raw.length === text.length;
    // a final empty "line" after the last LF is not a line
    if (i > 0 && !(isLast && raw === '')) {
      out.push({ line: i + 1, offset, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw });
    }
    offset += raw.length + 1;
  });
  return out;
}

test('all ranges together deliver exactly the lines of the text, for any read size and range count', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const text = randomText(r);
    const path = writeText(join(tmp.dir, `t${seed}.csv`), text);
    const dataStart = text.indexOf('\n') + 1;
    const chunk = r() < 0.8 ? 7 + Math.floor(r() * 194) : 1 << 20;
    const ranges = 1 + Math.floor(r() * 5);
    const size = text.length;
    const seen: Seen[] = [];
    let before = 0;
    let buffer: Buffer = Buffer.alloc(16);
    for (let k = 0; k < ranges; k++) {
      const start = dataStart + Math.floor((k * (size - dataStart)) / ranges);
      const end = k === ranges - 1 ? size : dataStart + Math.floor(((k + 1) * (size - dataStart)) / ranges);
      const local: Seen[] = [];
      const sink: LineSink = {
        line(buf, s, e, offset, index) {
          local.push({ line: index, offset, text: buf.toString('latin1', s, e) });
        },
        overlong() {
          assert.fail('no line is that long');
        },
      };
      const res = scanPlainRange(path, size, dataStart, start, end, chunk, buffer, sink, () => {});
      buffer = res.buffer;
      for (const l of local) seen.push({ ...l, line: 2 + before + l.line });
      before += res.lines;
    }
    assert.deepEqual(seen, reference(text), `seed ${seed}, chunk ${chunk}, ranges ${ranges}`);
  }
});

test('gzipBlocks cuts the inflated text into contiguous whole-line blocks in reused shared memory', async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const r = rng(seed);
    let text = randomText(r);
    // one line longer than a pooled block (blockBytes + 16 slack) in some runs
    if (r() < 0.5) text += `${'x'.repeat(20 + Math.floor(r() * 300))}\n${randomText(r)}`;
    const path = writeText(join(tmp.dir, `g${seed}.csv.gz`), text, true);
    const dataStart = text.indexOf('\n') + 1;
    const blockBytes = 1 + Math.floor(r() * 60);
    // compressed reads of 1 byte up: inflate calls end anywhere in the stream
    const readBytes = 1 + Math.floor(r() * 300);
    const buffers = new BlockBuffers(blockBytes + 16);
    const pooled = new Set<ArrayBufferLike>();
    const parts: string[] = [];
    let offset = dataStart;
    const label = `seed ${seed}, blocks of ${blockBytes}, reads of ${readBytes}`;
    for await (const block of gzipBlocks(path, dataStart, blockBytes, buffers, () => {}, readBytes)) {
      assert.ok(block.bytes.buffer instanceof SharedArrayBuffer, label);
      assert.equal(block.offset, offset, label);
      const part = block.bytes.toString('latin1');
      parts.push(part);
      offset += part.length;
      // every block but the last ends at a line end
      if (offset < text.length) assert.ok(part.endsWith('\n'), `${label}: ${JSON.stringify(part)}`);
      if (block.bytes.buffer.byteLength === buffers.capacity) pooled.add(block.bytes.buffer);
      buffers.give(block.bytes);
    }
    assert.equal(parts.join(''), text.slice(dataStart), label);
    // each block is given back before the next is asked for: the block being filled and the
    // one receiving its partial line are all the pool ever needs
    assert.ok(pooled.size <= 2, `${label}: ${pooled.size} pooled buffers`);
  }
});
