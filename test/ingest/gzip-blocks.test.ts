/**
 * gzipBlocks() on the .gz shapes real dumps come in and the ways they break: concatenated
 * members (split anywhere, also at a read boundary), padding after the stream, truncation,
 * corruption, empty files, lines longer than a block, a consumer that stops early. Reads are made
 * tiny (readBytes) so every case crosses many read and inflate boundaries.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isSweepscopeError } from '../../src/errors.js';
import { BlockBuffers, gzipBlocks } from '../../src/ingest/chunk-reader.js';
import { tempDir } from './fixtures.js';
import { rng } from './reference-model.js';

const tmp = tempDir('gzip-blocks');
after(tmp.cleanup);

function file(name: string, bytes: Uint8Array): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, bytes);
  return path;
}

interface Collected {
  parts: string[];
  offsets: number[];
  compressed: number;
}

async function collect(
  path: string,
  dataStart: number,
  blockBytes: number,
  readBytes: number,
  slack = 16,
): Promise<Collected> {
  const buffers = new BlockBuffers(blockBytes + slack);
  const out: Collected = { parts: [], offsets: [], compressed: 0 };
  for await (const b of gzipBlocks(
    path,
    dataStart,
    blockBytes,
    buffers,
    (n) => (out.compressed += n),
    readBytes,
  )) {
    out.parts.push(b.bytes.toString('latin1'));
    out.offsets.push(b.offset);
    buffers.give(b.bytes);
  }
  return out;
}

/** The blocks are the text after the header, contiguous, each but the last ending at a LF. */
function assertBlocksOf(got: Collected, text: string, dataStart: number, label: string): void {
  assert.equal(got.parts.join(''), text.slice(dataStart), label);
  let offset = dataStart;
  got.parts.forEach((part, i) => {
    assert.equal(got.offsets[i], offset, `${label}: offset of block ${i}`);
    offset += part.length;
    if (i < got.parts.length - 1)
      assert.ok(part.endsWith('\n'), `${label}: block ${i} ${JSON.stringify(part)}`);
  });
}

async function rejection(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (e) {
    assert.ok(isSweepscopeError(e), String(e));
    return { code: e.code, message: e.message };
  }
  return assert.fail('expected an error');
}

test('concatenated members, split anywhere (mid-line, at read boundaries), read as one stream', async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    let text = 'h1,h2\n';
    const rows = 20 + Math.floor(r() * 200);
    for (let i = 0; i < rows; i++) text += `${i},${'v'.repeat(Math.floor(r() * 30))}\n`;
    // 1-4 cut points anywhere in the text, even inside the header or a line
    const cuts = Array.from({ length: 1 + Math.floor(r() * 4) }, () => Math.floor(r() * text.length)).sort(
      (a, b) => a - b,
    );
    const members = [0, ...cuts, text.length]
      .slice(1)
      .map((end, i, ends) => gzipSync(text.slice(i === 0 ? 0 : ends[i - 1], end)));
    const gz = Buffer.concat(members);
    const path = file(`m${seed}.csv.gz`, gz);
    // a read size that ends a read exactly where the second member starts, in some runs
    const readBytes = seed % 3 === 0 ? members[0].length : 5 + Math.floor(r() * 200);
    const blockBytes = 1 + Math.floor(r() * 120);
    const got = await collect(path, 6, blockBytes, readBytes);
    assertBlocksOf(got, text, 6, `seed ${seed}: ${members.length} members, reads of ${readBytes}`);
    assert.equal(got.compressed, gz.length, `seed ${seed}: every compressed byte is reported once`);
  }
});

test('zero padding after the last member is ignored, as gunzip does', async () => {
  const text = 'h\na,1\nb,2\n';
  const path = file('padded.csv.gz', Buffer.concat([gzipSync(text), Buffer.alloc(1000)]));
  const got = await collect(path, 2, 4, 64);
  // blocks of 4: "a,1\n" ends at 4, then "b,2\n"
  assert.deepEqual(got.parts, ['a,1\n', 'b,2\n']);
});

test('a stream cut short anywhere is a truncated-gzip error naming the file', async () => {
  const text = `h\n${'row,1234567890\n'.repeat(500)}`;
  const gz = gzipSync(text);
  // mid-deflate, inside the 8-byte trailer, just the 10-byte member header, and after a whole
  // member plus the start of a second one
  const cases: [string, Buffer][] = [
    ['mid', gz.subarray(0, gz.length >> 1)],
    ['trailer', gz.subarray(0, gz.length - 3)],
    ['header', gz.subarray(0, 10)],
    ['second', Buffer.concat([gz, gzipSync('more\n').subarray(0, 12)])],
  ];
  for (const [name, bytes] of cases) {
    const path = file(`cut-${name}.csv.gz`, bytes);
    const e = await rejection(() => collect(path, 2, 64, 100));
    assert.equal(e.code, 'TRUNCATED_GZIP', name);
    assert.ok(e.message.startsWith(`${path}: gzip stream is truncated or corrupt (`), e.message);
    assert.match(e.message, /unexpected end of file/, name);
  }
});

test('corrupt bytes are a truncated-gzip error naming the file, whatever zlib detects', async () => {
  const text = `h\n${'row,1234567890,abcdef\n'.repeat(300)}`;
  const gz = gzipSync(text);
  const flip = (at: number) => {
    const b = Buffer.from(gz);
    b[at] ^= 0xff;
    return b;
  };
  // byte 0: not a gzip magic number; the last 8 bytes are CRC-32 and length of the text
  const cases: [string, Buffer, RegExp][] = [
    ['magic', flip(0), /incorrect header check/],
    ['crc', flip(gz.length - 8), /incorrect data check/],
    ['length', flip(gz.length - 1), /incorrect length check/],
    ['garbage after the stream', Buffer.concat([gz, Buffer.from('not gzip')]), /incorrect header check/],
  ];
  for (const [name, bytes, detail] of cases) {
    const path = file(`bad-${name.replaceAll(' ', '-')}.csv.gz`, bytes);
    const e = await rejection(() => collect(path, 2, 64, 100));
    assert.equal(e.code, 'TRUNCATED_GZIP', name);
    assert.ok(e.message.startsWith(`${path}: `), e.message);
    assert.match(e.message, detail, name);
  }
});

test('an empty file is truncated; a valid stream of nothing, or of a header only, has no blocks', async () => {
  const empty = file('empty.csv.gz', Buffer.alloc(0));
  const e = await rejection(() => collect(empty, 0, 64, 100));
  assert.equal(e.code, 'TRUNCATED_GZIP');
  assert.ok(e.message.startsWith(`${empty}: `), e.message);

  assert.deepEqual((await collect(file('nothing.csv.gz', gzipSync('')), 0, 64, 100)).parts, []);
  assert.deepEqual((await collect(file('header.csv.gz', gzipSync('h1,h2\n')), 6, 64, 100)).parts, []);
});

test('a missing file is an unreadable-input error naming it', async () => {
  const path = join(tmp.dir, 'absent.csv.gz');
  const e = await rejection(() => collect(path, 0, 64, 100));
  assert.equal(e.code, 'INPUT_UNREADABLE');
  assert.ok(e.message.startsWith(`cannot read ${path}: `), e.message);
});

test('a read that fails (the path is a folder) is an unreadable-input error naming it', async () => {
  // opening a folder read-only works on Linux; reading it fails with EISDIR
  const e = await rejection(() => collect(tmp.dir, 0, 64, 100));
  assert.equal(e.code, 'INPUT_UNREADABLE');
  assert.ok(e.message.startsWith(`cannot read ${tmp.dir}: `), e.message);
});

test('a line longer than a block is delivered whole, in a grown block of its own', async () => {
  // header "h\n" (2 bytes), then "a\n" (2), a 5000-byte line + LF, "b\n" (2)
  const long = 'x'.repeat(5000);
  const text = `h\na\n${long}\nb\n`;
  const path = file('long.csv.gz', gzipSync(text));
  const got = await collect(path, 2, 100, 37);
  // blocks of 100 (+16 slack): "a\n" has the only LF before byte 100, so it is cut there; the
  // long line needs a grown block and ends it; "b\n" is last
  assert.deepEqual(got.parts, ['a\n', `${long}\n`, 'b\n']);
  assert.deepEqual(got.offsets, [2, 4, 5005]);
});

test('a header longer than a block is skipped', async () => {
  const header = `${'c'.repeat(300)}\n`;
  const text = `${header}1\n2\n`;
  const got = await collect(file('wide-header.csv.gz', gzipSync(text)), header.length, 8, 19);
  assert.deepEqual(got.parts, ['1\n2\n']);
  assert.deepEqual(got.offsets, [301]);
});

test('a consumer that stops early leaves no file open', { skip: !existsSync('/proc/self/fd') }, async () => {
  const text = `h\n${'r,1\n'.repeat(2000)}`;
  const path = file('early.csv.gz', gzipSync(text));
  const fds = () => readdirSync('/proc/self/fd').length;
  const before = fds();
  const buffers = new BlockBuffers(64 + 16);
  let seen = 0;
  for await (const b of gzipBlocks(path, 2, 64, buffers, () => {}, 50)) {
    buffers.give(b.bytes);
    if (++seen === 3) break;
  }
  assert.equal(seen, 3);
  assert.equal(fds(), before);
});
