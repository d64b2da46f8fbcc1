/**
 * One table of error factories. Every error the user can see is built here, so messages stay
 * consistent and tests can assert them. `exitCode` follows SPEC §9: 2 for bad config or usage,
 * 1 for everything else.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'MISSING_COLUMN'
  | 'TRUNCATED_GZIP'
  | 'TOO_MANY_REJECTS'
  | 'STORE_INVALID'
  | 'LOCKED'
  | 'JOB_FAILED'
  | 'INTERNAL';

export class SweepscopeError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: 1 | 2;
  constructor(code: ErrorCode, message: string, exitCode: 1 | 2 = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SweepscopeError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

export const errors = {
  // --- config & usage (exit 2) ---
  configInvalid: (file: string, problems: string[]) =>
    new SweepscopeError('CONFIG_INVALID', `invalid config ${file}:\n  ${problems.join('\n  ')}`, 2),
  usage: (message: string) => new SweepscopeError('USAGE', message, 2),
  configUnreadable: (file: string, cause: unknown) =>
    new SweepscopeError(
      'CONFIG_INVALID',
      `cannot read config file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
      2,
      { cause },
    ),

  // --- inputs (exit 1) ---
  inputNotFound: (kind: string, pattern: string) =>
    new SweepscopeError('INPUT_NOT_FOUND', `no ${kind} input matches ${pattern}`),
  inputUnreadable: (file: string, cause: unknown) =>
    new SweepscopeError(
      'INPUT_UNREADABLE',
      `cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
      1,
      { cause },
    ),
  missingColumn: (file: string, column: string, header: string) =>
    new SweepscopeError(
      'MISSING_COLUMN',
      `${file}: required column "${column}" not found in header: ${header}`,
    ),
  truncatedGzip: (file: string, detail: string) =>
    new SweepscopeError('TRUNCATED_GZIP', `${file}: gzip stream is truncated or corrupt (${detail})`),
  tooManyRejects: (limit: number, last: string) =>
    new SweepscopeError(
      'TOO_MANY_REJECTS',
      `more than max_rejects=${limit} malformed rows; stopping (last: ${last}). See rejects/ in the output folder.`,
    ),

  // --- store & jobs ---
  storeInvalid: (dir: string, detail: string) =>
    new SweepscopeError('STORE_INVALID', `partition store ${dir} is unusable: ${detail}`),
  locked: (what: string, lockFile: string, owner: { pid: number; host: string; started: string } | null) =>
    new SweepscopeError(
      'LOCKED',
      owner
        ? `${what} is in use by process ${owner.pid} on ${owner.host} (since ${owner.started}); wait for it to finish, or remove ${lockFile} if that process is gone`
        : `${what} is locked by ${lockFile}, whose owner cannot be read; remove it if no other sweepscope is running`,
    ),
  jobFailed: (partition: string, detail: string) =>
    new SweepscopeError('JOB_FAILED', `job ${partition} failed: ${detail}`),
  internal: (detail: string) => new SweepscopeError('INTERNAL', `internal error: ${detail}`),
} as const;

export function isSweepscopeError(e: unknown): e is SweepscopeError {
  return e instanceof SweepscopeError;
}
