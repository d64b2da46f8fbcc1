/**
 * The pino logger of the CLI and the pipeline: one readable line per record on stderr by default
 * (a small built-in formatter, so no pino-pretty), or pino's JSON lines with --json.
 */
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger };

export const LOG_LEVELS: readonly LevelWithSilent[] = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** JSON lines instead of human text */
  json?: boolean;
  /** where lines go; stderr by default (stdout carries command output) */
  stream?: { write(line: string): unknown };
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const RESERVED = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function formatField(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** One pino JSON record as "HH:MM:SS.mmm LEVEL message key=value ...", with an error's stack below it. */
export function formatLogLine(record: Record<string, unknown>): string {
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (LEVEL_NAMES[record.level as number] ?? String(record.level)).padEnd(5);
  let line = `${time} ${level} ${record.msg ?? ''}`;
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (RESERVED.has(key)) continue;
    if (key === 'err' && value && typeof value === 'object' && 'message' in value) {
      const err = value as { message: string; stack?: string };
      line += ` err=${formatField(err.message)}`;
      if (err.stack)
        stack = `\n  ${err.stack
          .split('\n')
          .slice(1)
          .map((s) => s.trim())
          .join('\n  ')}`;
      continue;
    }
    line += ` ${key}=${formatField(value)}`;
  }
  return `${line}${stack}\n`;
}

function humanDestination(out: { write(line: string): unknown }): DestinationStream {
  return {
    write(json: string) {
      out.write(formatLogLine(JSON.parse(json) as Record<string, unknown>));
    },
  };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const out = opts.stream ?? process.stderr;
  const destination = opts.json ? { write: (line: string) => out.write(line) } : humanDestination(out);
  return pino(
    { level: opts.level ?? 'info', base: null, timestamp: pino.stdTimeFunctions.epochTime },
    destination,
  );
}
