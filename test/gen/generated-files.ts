/**
 * Test helper: reads a generated dump back into records keyed by header name. Generated files never
 * quote fields, so a split on commas is the whole CSV grammar here.
 */
import { readFileSync } from 'node:fs';

export interface Table {
  header: string[];
  rows: Record<string, string>[];
  /** data lines whose field count differs from the header's */
  ragged: string[];
}

export function readTable(path: string): Table {
  const lines = readFileSync(path, 'latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].split(',');
  const rows: Record<string, string>[] = [];
  const ragged: string[] = [];
  for (const line of lines.slice(1)) {
    const fields = line.split(',');
    if (fields.length !== header.length) {
      ragged.push(line);
      continue;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]] = fields[i];
    rows.push(row);
  }
  return { header, rows, ragged };
}

/** valid per SPEC §2: both sides positive (the INT64_MIN sentinel is negative) and not crossed */
export function isValidQuote(bid: string, offer: string): boolean {
  const b = BigInt(bid);
  const o = BigInt(offer);
  return b > 0n && o > 0n && o >= b;
}

/** Mid as-of lookups over one security's valid NBBO-file quotes, doubled to stay an integer. */
export class NbboAsOf {
  private readonly bySecurity = new Map<string, { ts: bigint; twiceMid: bigint }[]>();

  constructor(nbbo: Table) {
    for (const q of nbbo.rows) {
      if (!isValidQuote(q.bidprice, q.offerprice)) continue;
      let list = this.bySecurity.get(q.orderbookid);
      if (!list) this.bySecurity.set(q.orderbookid, (list = []));
      list.push({ ts: BigInt(q.timestamp), twiceMid: BigInt(q.bidprice) + BigInt(q.offerprice) });
    }
  }

  /** 2 × mid of the latest valid quote at or before `ts`; the file is in timestamp order */
  twiceMidAt(security: string, ts: bigint): bigint | null {
    const list = this.bySecurity.get(security) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].ts <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : list[lo - 1].twiceMid;
  }
}
