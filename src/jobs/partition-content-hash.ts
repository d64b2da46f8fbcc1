/**
 * A hash of one partition's input rows, independent of which files they came from. Rows are taken
 * in file order but `fileOrder` itself is left out: adding an input file that sorts before the
 * others shifts every file index without changing the relative order the analysis depends on.
 */
import { createHash, type Hash } from 'node:crypto';
import type { PartitionData } from '../model/rows.js';

const FLUSH_CHARS = 1 << 16;

function hashRows<Row extends { fileOrder: number }>(
  hash: Hash,
  tag: string,
  rows: readonly Row[],
  line: (r: Row) => string,
): void {
  const ordered = [...rows].sort((a, b) => a.fileOrder - b.fileOrder);
  let buffer = `${tag} ${ordered.length}\n`;
  for (const r of ordered) {
    buffer += line(r);
    if (buffer.length >= FLUSH_CHARS) {
      hash.update(buffer);
      buffer = '';
    }
  }
  hash.update(buffer);
}

export function partitionContentHash(data: PartitionData): string {
  const hash = createHash('sha256');
  hash.update(`partition ${data.day} ${data.securityCode}\n`);
  hashRows(
    hash,
    'orders',
    data.orders,
    (o) =>
      `${o.orderId},${o.ts},${o.securityCode},${o.price},${o.side},${o.quantity},${o.leaves},${o.matched},${o.orderType},${o.participantId},${o.sequence},${o.changeReason},${o.nationalBid},${o.nationalOffer},${o.minimumQuantity},${o.midtick}\n`,
  );
  hashRows(
    hash,
    'trades',
    data.trades,
    (t) =>
      `${t.orderId},${t.tradeTime},${t.securityCode},${t.price},${t.quantity},${t.side},${t.tradeDate},${t.dealSource},${t.participantId},${t.nationalBid},${t.nationalOffer},${t.matchGroupId}\n`,
  );
  hashRows(hash, 'quotes', data.quotes, (q) => `${q.ts},${q.securityCode},${q.bid},${q.offer}\n`);
  return hash.digest('hex');
}
