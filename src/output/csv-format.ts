/** Text form of typed values and CSV records (SPEC §6 determinism rules). */
import type { ColumnType, Schema } from './schemas.js';

const NS_PER_MS = 1_000_000n;

/** Nanoseconds as an exact decimal number of milliseconds: 1_500_000n -> "1.5", 1n -> "0.000001". */
export function formatNsAsMs(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  const whole = abs / NS_PER_MS;
  const frac = (abs % NS_PER_MS).toString().padStart(6, '0').replace(/0+$/, '');
  return frac === '' ? `${sign}${whole}` : `${sign}${whole}.${frac}`;
}

/** The field text of one value; null -> "". */
export function formatValue(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'ns_ms':
      return formatNsAsMs(value as bigint);
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A field quoted (with "" for a quote) only when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader<Row>(schema: Schema<Row>): string {
  return `${schema.map((c) => csvField(c.name)).join(',')}\n`;
}

export function csvRecord<Row>(schema: Schema<Row>, row: Row): string {
  let line = '';
  for (let i = 0; i < schema.length; i++) {
    const c = schema[i];
    if (i > 0) line += ',';
    const text = formatValue(row[c.name], c.type);
    // only text columns can hold a comma, quote or line break; numbers never need the regex
    line += c.type === 'string' ? csvField(text) : text;
  }
  return `${line}\n`;
}
