/**
 * rejects.csv of a partition store: one row per rejected input row (SPEC §8), columns
 * file,line,reason,raw, quoted as CSV where needed.
 */
import { writeFileSync } from 'node:fs';

export interface RejectRow {
  file: string;
  /** physical line number, header = 1 */
  line: number;
  reason: string;
  raw: string;
}

export const REJECTS_HEADER = 'file,line,reason,raw';

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeRejectsFile(path: string, rows: readonly RejectRow[]): void {
  const lines = [REJECTS_HEADER];
  for (const r of rows) lines.push(`${csvField(r.file)},${r.line},${csvField(r.reason)},${csvField(r.raw)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}
