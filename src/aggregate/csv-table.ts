/** A small in-memory CSV table for the aggregated outputs; numbers print as String(x), null as "". */
import { csvField } from '../output/csv-format.js';

export type Cell = string | number | boolean | null;

export interface Table {
  header: string[];
  rows: Cell[][];
}

export function tableText(table: Table): string {
  let text = `${table.header.map(csvField).join(',')}\n`;
  for (const row of table.rows)
    text += `${row.map((c) => csvField(c === null ? '' : String(c))).join(',')}\n`;
  return text;
}
