/**
 * Malformed variants of a generated row (SPEC §8), for exercising rejects. A variant is a textual
 * mutation of the row just written, so injecting one consumes no randomness: the good rows of a run
 * with `badRows` are exactly the rows of the same run without it.
 */
export const MALFORMED_KINDS = [
  'field_count',
  'non_numeric_price',
  'bad_side',
  'negative_quantity',
  'id_overflow',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** Field positions of the mutated columns in one file's header. */
export interface MutableColumns {
  id: number;
  price: number;
  side: number;
  quantity: number;
}

export const ORDER_COLUMNS: MutableColumns = { id: 0, price: 4, side: 5, quantity: 8 };
export const TRADE_COLUMNS: MutableColumns = { id: 5, price: 12, side: 14, quantity: 13 };

/** 2^64: the smallest order id that does not fit a uint64 */
const UINT64_OVERFLOW = '18446744073709551616';

/** `row` without its trailing LF -> the malformed line, without LF. */
export function malformedVariant(row: string, kind: MalformedKind, cols: MutableColumns): string {
  const fields = row.split(',');
  switch (kind) {
    case 'field_count':
      fields.pop();
      break;
    case 'non_numeric_price':
      fields[cols.price] = `${fields[cols.price]}x`;
      break;
    case 'bad_side':
      fields[cols.side] = '3';
      break;
    case 'negative_quantity':
      fields[cols.quantity] = `-${fields[cols.quantity]}`;
      break;
    case 'id_overflow':
      fields[cols.id] = UINT64_OVERFLOW;
      break;
  }
  return fields.join(',');
}
