/**
 * Decoded rows of one partition, as the analysis core sees them. 64-bit ids and nanosecond
 * timestamps are bigint; prices and quantities are integers that fit a double exactly.
 * `null` means the column is absent or the field empty. A quote field holding the INT64_MIN
 * sentinel decodes to null as well (an invalid quote, not a malformed row).
 *
 * `fileOrder` is the row's position in the input: fileIndex * 2^40 + the byte offset of the row in its
 * (decompressed) file — a byte offset because a worker scanning a byte range of a file knows it
 * without counting the lines before it. Sorting by it reproduces "file order" across the
 * configured list of files.
 */
export type Side = 1 | 2;

export interface OrderEvent {
  orderId: bigint;
  ts: bigint;
  securityCode: number;
  price: number;
  side: Side;
  quantity: number;
  leaves: number;
  matched: number;
  orderType: number;
  participantId: number | null;
  sequence: bigint | null;
  changeReason: number | null;
  nationalBid: number | null;
  nationalOffer: number | null;
  minimumQuantity: number | null;
  midtick: number | null;
  fileOrder: number;
}

export interface TradeLeg {
  orderId: bigint;
  tradeTime: bigint;
  securityCode: number;
  price: number;
  quantity: number;
  side: Side;
  /** trading date (days since epoch) from the `tradedate` column, null without one */
  tradeDate: number | null;
  dealSource: number | null;
  participantId: number | null;
  nationalBid: number | null;
  nationalOffer: number | null;
  matchGroupId: bigint | null;
  fileOrder: number;
}

export interface NbboQuote {
  ts: bigint;
  securityCode: number;
  bid: number | null;
  offer: number | null;
  fileOrder: number;
}

/** Everything one job needs: the rows of one (trading date, security) partition. */
export interface PartitionData {
  /** trading date, days since epoch */
  day: number;
  securityCode: number;
  orders: OrderEvent[];
  trades: TradeLeg[];
  quotes: NbboQuote[];
}

export const FILE_ORDER_FILE_STRIDE = 2 ** 40;
export function fileOrderOf(fileIndex: number, byteOffset: number): number {
  return fileIndex * FILE_ORDER_FILE_STRIDE + byteOffset;
}
