/**
 * Reads the header line of an input (plain or .gz) before the scan, so columns are resolved once,
 * every file's header is checked before any row is scanned, and plain files can be split into
 * byte ranges after it.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { errors } from '../errors.js';

const STEP = 64 * 1024;
/** a header longer than this is not a CSV header */
const MAX_HEADER_BYTES = 1024 * 1024;

export interface HeaderLine {
  /** the header text without its line terminator */
  text: string;
  /** (decompressed) byte offset where the first row starts */
  dataStart: number;
}

export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

export async function readHeaderLine(path: string): Promise<HeaderLine> {
  return isGzipPath(path) ? readGzipHeader(path) : readPlainHeader(path);
}

function readPlainHeader(path: string): HeaderLine {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw errors.inputUnreadable(path, e);
  }
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(STEP);
      const n = readSync(fd, buf, 0, STEP, total);
      if (n === 0) break;
      const lf = buf.subarray(0, n).indexOf(10);
      if (lf >= 0) {
        parts.push(buf.subarray(0, lf));
        return { text: stripCr(Buffer.concat(parts).toString('utf8')), dataStart: total + lf + 1 };
      }
      parts.push(buf.subarray(0, n));
      total += n;
      if (total > MAX_HEADER_BYTES) break;
    }
    return { text: stripCr(Buffer.concat(parts).toString('utf8')), dataStart: total };
  } catch (e) {
    throw errors.inputUnreadable(path, e);
  } finally {
    closeSync(fd);
  }
}

async function readGzipHeader(path: string): Promise<HeaderLine> {
  const raw = createReadStream(path, { highWaterMark: STEP, end: MAX_HEADER_BYTES });
  const gunzip = createGunzip();
  let rawError: unknown = null;
  raw.on('error', (e) => {
    rawError = e;
    gunzip.destroy(e);
  });
  raw.pipe(gunzip);
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const lf = chunk.indexOf(10);
      if (lf >= 0) {
        parts.push(chunk.subarray(0, lf));
        return { text: stripCr(Buffer.concat(parts).toString('utf8')), dataStart: total + lf + 1 };
      }
      parts.push(chunk);
      total += chunk.length;
      if (total > MAX_HEADER_BYTES) break;
    }
  } catch (e) {
    if (rawError !== null) throw errors.inputUnreadable(path, rawError);
    throw errors.truncatedGzip(path, e instanceof Error ? e.message : String(e));
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
  return { text: stripCr(Buffer.concat(parts).toString('utf8')), dataStart: total };
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
