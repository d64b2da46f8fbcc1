/**
 * Inflates gzip straight into a caller's buffer (a pooled SharedArrayBuffer block), on the libuv
 * thread pool, with no stream machinery, no per-chunk allocation and no copy.
 *
 * Node has no public API for this: a zlib stream inflates into its own 256 KB chunks, pushes them
 * through a Readable and allocates a new one each time, and they then had to be copied into the
 * blocks; for 1.2 GB of CSV that cost the main thread 1.3-1.5 CPU-s and the V8 GC helper threads
 * 0.6-0.8 s more than this does (measured: main 0.5-0.6 s, the same as for plain input, GC 0.4 s).
 * So this file drives the native handle behind `zlib.createGunzip()` itself. Those internals
 * (lib/zlib.js processChunk/processCallback, node_zlib.cc Write) are the same from Node 20 through
 * 25; they are used in this one file only and checked when an inflater is created, failing with a
 * clear error rather than misbehaving if a future Node changes them. No fallback to the public
 * stream: it would be a second, slower gz path that no supported Node version runs.
 *
 * Chosen over inflating synchronously on a dedicated worker thread: inflate already runs off the
 * main thread here (libuv pool), and what is left on the main thread is one callback per inflate
 * call (per ~1 MB of compressed input or per filled block); a worker would add a thread and a
 * message per block for no CPU saved.
 */
import { constants, createGunzip } from 'node:zlib';
import { errors } from '../errors.js';

/** The native handle of a zlib stream (node_zlib.cc), as lib/zlib.js uses it. */
interface ZlibHandle {
  /** inflate in[inOff, inOff+inLen) into out[outOff, outOff+outLen) on the thread pool, then
   * call the init-time callback (lib/zlib.js processCallback, with `this` = the handle) */
  write(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ): void;
  close(): void;
  /** the owning stream, read by processCallback (legacy alias of handle[owner_symbol]) */
  jsref: unknown;
  /** called instead of the write callback when zlib reports an error */
  onerror: (message: string, errno: number, code?: string) => void;
  /** called by processCallback once a write is done, when its owner is destroyed */
  cb: () => void;
}

export const Z_NO_FLUSH = constants.Z_NO_FLUSH;
export const Z_FINISH = constants.Z_FINISH;

/** The handle and write-state of a fresh Gunzip stream, or a clear error if Node changed them. */
export function gunzipHandleOf(stream: object): { handle: ZlibHandle; state: Uint32Array } {
  const s = stream as { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
  const handle = s._handle;
  const state = s._writeState;
  if (
    handle === undefined ||
    handle === null ||
    typeof handle.write !== 'function' ||
    typeof handle.close !== 'function' ||
    handle.jsref !== stream ||
    !(state instanceof Uint32Array) ||
    state.length !== 2
  ) {
    throw errors.internal(
      `the zlib internals sweepscope inflates .gz input with (Gunzip._handle.write/_writeState, Node 20-25) are missing in Node ${process.version}`,
    );
  }
  return { handle: handle as ZlibHandle, state };
}

/**
 * One gzip stream (all its members: the native GUNZIP mode restarts at a following member).
 * One inflate() at a time; after it resolves, availIn/availOut tell how much input is left and
 * how much output room was not used. The buffers passed must not change until it resolves.
 */
export class GzipInflater {
  /** input bytes the last inflate() did not consume */
  availIn = 0;
  /** output room the last inflate() left unused */
  availOut = 0;
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;
  private resolve: (() => void) | null = null;
  private reject: ((e: Error) => void) | null = null;
  private closed = false;

  constructor() {
    const stream = createGunzip();
    const { handle, state } = gunzipHandleOf(stream);
    this.handle = handle;
    this.state = state;
    // processCallback, seeing a destroyed owner, only calls handle.cb(): nothing is pushed
    // through the stream and no output chunk is allocated
    handle.jsref = { destroyed: true, _writeState: state };
    handle.cb = () => this.settle(null);
    handle.onerror = (message) => this.settle(new Error(message));
  }

  /**
   * Inflate input[inOff, inOff+inLen) into out[outOff, outOff+outLen). With Z_NO_FLUSH it stops
   * when the input is used up, the output is full, or the stream ended (then both availIn and
   * availOut are > 0: what follows is padding). With Z_FINISH (no input left) it rejects when the
   * stream is incomplete ("unexpected end of file"). Corrupt data rejects with zlib's message.
   */
  inflate(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ): Promise<void> {
    if (this.resolve !== null || this.closed)
      throw errors.internal('GzipInflater: inflate while busy or closed');
    // node_zlib.cc CHECKs these and aborts the process: fail as an exception instead
    if (
      inOff < 0 ||
      inLen < 0 ||
      inOff + inLen > input.length ||
      outOff < 0 ||
      outLen <= 0 ||
      outOff + outLen > out.length
    )
      throw errors.internal(
        `GzipInflater: bad window in ${inOff}+${inLen}/${input.length} out ${outOff}+${outLen}/${out.length}`,
      );
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.handle.write(flush, input, inOff, inLen, out, outOff, outLen);
    });
  }

  /** Free zlib's memory (deferred by Node until a write in flight is done). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.close();
  }

  private settle(error: Error | null): void {
    const resolve = this.resolve;
    const reject = this.reject;
    this.resolve = null;
    this.reject = null;
    this.availOut = this.state[0];
    this.availIn = this.state[1];
    if (error) reject?.(error);
    else resolve?.();
  }
}
