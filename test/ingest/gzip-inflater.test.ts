/**
 * GzipInflater drives Node's native zlib handle: it must inflate into a caller's shared memory
 * window, report the input and output left over exactly, turn zlib errors into rejections, and
 * refuse misuse (or a Node whose internals changed) with an error instead of a native abort.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isSweepscopeError } from '../../src/errors.js';
import { GzipInflater, gunzipHandleOf, Z_FINISH, Z_NO_FLUSH } from '../../src/ingest/gzip-inflater.js';

test('inflates into a window of a shared block and reports what is left on each side', async () => {
  const text = 'abc\n'.repeat(1000); // 4,000 bytes
  const gz = gzipSync(text);
  const out = Buffer.from(new SharedArrayBuffer(5000));
  const z = new GzipInflater();
  try {
    // a 1,000-byte window at offset 100 fills up before the input is used up
    await z.inflate(Z_NO_FLUSH, gz, 0, gz.length, out, 100, 1000);
    assert.equal(z.availOut, 0);
    assert.ok(z.availIn > 0 || gz.length < 100, `availIn ${z.availIn}`);
    assert.equal(out.toString('latin1', 100, 1100), text.slice(0, 1000));
    const inOff = gz.length - z.availIn;
    // the remaining 3,000 bytes go into a 3,900-byte window at 1,100: 900 bytes of room are left,
    // and the whole input is used
    await z.inflate(Z_NO_FLUSH, gz, inOff, z.availIn, out, 1100, 3900);
    assert.equal(z.availOut, 900);
    assert.equal(z.availIn, 0);
    assert.equal(out.toString('latin1', 100, 4100), text);
    // end of input: the stream is complete, nothing more comes out
    await z.inflate(Z_FINISH, gz, gz.length, 0, out, 4100, 900);
    assert.equal(z.availOut, 900);
  } finally {
    z.close();
  }
});

test('an incomplete stream rejects at Z_FINISH; corrupt data rejects with zlib message', async () => {
  const gz = gzipSync('abc\n'.repeat(1000));
  const out = Buffer.alloc(8000);
  const cut = new GzipInflater();
  await cut.inflate(Z_NO_FLUSH, gz, 0, gz.length - 4, out, 0, out.length);
  await assert.rejects(cut.inflate(Z_FINISH, gz, 0, 0, out, 0, out.length), /unexpected end of file/);
  cut.close();

  const bad = Buffer.from(gz);
  bad[0] = 0; // not the gzip magic number 1f 8b
  const corrupt = new GzipInflater();
  await assert.rejects(
    corrupt.inflate(Z_NO_FLUSH, bad, 0, bad.length, out, 0, out.length),
    /incorrect header check/,
  );
  corrupt.close();
});

test('misuse is an internal error, never a native abort', async () => {
  const gz = gzipSync('x\n');
  const out = Buffer.alloc(16);
  const z = new GzipInflater();
  const internal = (e: unknown) => isSweepscopeError(e) && e.code === 'INTERNAL';
  // window past the end of the output, an empty output window
  assert.throws(() => z.inflate(Z_NO_FLUSH, gz, 0, gz.length, out, 10, 7), internal);
  assert.throws(() => z.inflate(Z_NO_FLUSH, gz, 0, gz.length, out, 0, 0), internal);
  const first = z.inflate(Z_NO_FLUSH, gz, 0, gz.length, out, 0, 16);
  assert.throws(() => z.inflate(Z_NO_FLUSH, gz, 0, gz.length, out, 0, 16), internal);
  await first;
  assert.equal(out.toString('latin1', 0, 16 - z.availOut), 'x\n');
  z.close();
  assert.throws(() => z.inflate(Z_FINISH, gz, 0, 0, out, 0, 16), internal);
});

test('a zlib stream without the expected internals is refused naming the Node version', () => {
  assert.throws(
    () => gunzipHandleOf({ _handle: { write() {}, close() {} }, _writeState: new Uint32Array(2) }),
    (e: unknown) => isSweepscopeError(e) && e.code === 'INTERNAL' && e.message.includes(process.version),
  );
});
