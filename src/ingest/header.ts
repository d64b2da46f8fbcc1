/**
 * The logical columns of each input kind (SPEC §2), their default header names, types and record
 * slots, and the matching of a file's header line onto them. The result is a ColumnPlan: per
 * physical field, what the scanner does with it. Plans are plain data so they cross to workers.
 */
import type { Config, InputKind } from '../config/types.js';
import { errors } from '../errors.js';
import { NBBO, ORDER, TRADE } from '../store/record-layout.js';

/** How a field is parsed (see line-decoder.ts). */
export const FieldType = {
  skip: 0,
  /** non-negative integer below 2^53 */
  uint: 1,
  /** uint64 as high/low split into slot and slot + 1 */
  uint64: 2,
  /** int64 as high/low split (may be negative) */
  int64: 3,
  /** non-negative int64 nanosecond timestamp as high/low split */
  timestamp: 4,
  /** 1 or 2 */
  side: 5,
  /** signed price of a quote; INT64_MIN sentinel = null */
  quote: 6,
  /** YYYY-MM-DD local date -> days since epoch */
  date: 7,
  /** non-negative integer below 2^32 (security codes: they are packed into 32 bits) */
  uint32: 8,
} as const;
export type FieldTypeCode = (typeof FieldType)[keyof typeof FieldType];

export interface ColumnSpec {
  logical: string;
  header: string;
  type: FieldTypeCode;
  slot: number;
  required: boolean;
}

const T = FieldType;
const req = (logical: string, header: string, type: FieldTypeCode, slot: number): ColumnSpec => ({
  logical,
  header,
  type,
  slot,
  required: true,
});
const opt = (logical: string, header: string, type: FieldTypeCode, slot: number): ColumnSpec => ({
  logical,
  header,
  type,
  slot,
  required: false,
});

/** The logical columns the keep-or-filter decision of a row reads (SPEC §3 "Universe"). */
export const FILTER_COLUMNS: Record<InputKind, readonly string[]> = {
  orders: ['timestamp', 'security_code', 'order_type'],
  trades: ['order_id', 'trade_time', 'security_code', 'trade_date'],
  nbbo: ['timestamp', 'security_code'],
};

export const COLUMN_SPECS: Record<InputKind, readonly ColumnSpec[]> = {
  orders: [
    req('order_id', 'order_id', T.uint64, ORDER.idHigh),
    req('timestamp', 'timestamp', T.timestamp, ORDER.tsHigh),
    req('security_code', 'security_code', T.uint32, ORDER.securityCode),
    req('price', 'price', T.uint, ORDER.price),
    req('side', 'side', T.side, ORDER.side),
    req('quantity', 'quantity', T.uint, ORDER.quantity),
    req('leaves_quantity', 'leavesquantity', T.uint, ORDER.leaves),
    req('matched_quantity', 'totalmatchedquantity', T.uint, ORDER.matched),
    req('order_type', 'exchangeordertype', T.uint, ORDER.orderType),
    req('participant_id', 'participantid', T.uint, ORDER.participantId),
    opt('sequence', 'sequence', T.int64, ORDER.seqHigh),
    opt('change_reason', 'changereason', T.uint, ORDER.changeReason),
    opt('national_bid', 'national_bid', T.quote, ORDER.nationalBid),
    opt('national_offer', 'national_offer', T.quote, ORDER.nationalOffer),
    opt('minimum_quantity', 'minimumquantity', T.uint, ORDER.minimumQuantity),
    opt('midtick', 'midtick', T.uint, ORDER.midtick),
  ],
  trades: [
    req('order_id', 'orderid', T.uint64, TRADE.idHigh),
    req('trade_time', 'tradetime', T.timestamp, TRADE.tsHigh),
    req('security_code', 'securitycode', T.uint32, TRADE.securityCode),
    req('price', 'tradeprice', T.uint, TRADE.price),
    req('quantity', 'quantity', T.uint, TRADE.quantity),
    req('side', 'side', T.side, TRADE.side),
    opt('trade_date', 'tradedate', T.date, TRADE.tradeDate),
    opt('deal_source', 'dealsource', T.uint, TRADE.dealSource),
    opt('participant_id', 'participantid', T.uint, TRADE.participantId),
    opt('national_bid', 'nationalbidpricesnapshot', T.quote, TRADE.nationalBid),
    opt('national_offer', 'nationalofferpricesnapshot', T.quote, TRADE.nationalOffer),
    opt('match_group_id', 'matchgroupid', T.uint64, TRADE.mgHigh),
  ],
  nbbo: [
    req('security_code', 'orderbookid', T.uint32, NBBO.securityCode),
    req('timestamp', 'timestamp', T.timestamp, NBBO.tsHigh),
    req('bid', 'bidprice', T.quote, NBBO.bid),
    req('offer', 'offerprice', T.quote, NBBO.offer),
  ],
};

/** What the scanner does with each physical field of one file; plain data (worker messages). */
export interface ColumnPlan {
  kind: InputKind;
  /** number of header fields = fields every row must have */
  fieldCount: number;
  /** per physical field: FieldType code */
  types: number[];
  /** per physical field: first record slot written */
  slots: number[];
  /** per physical field: 1 when an empty value is malformed */
  required: number[];
  /** per physical field: the logical column name (for reject reasons), '' when skipped */
  names: string[];
  /** record slots of logical columns the file does not have (always null) */
  absentSlots: number[];
  /** physical index of the last field the keep-or-filter decision needs */
  filterField: number;
}

const BOM = '\uFEFF';

/** Split a header line on commas, honouring quotes; cells trimmed of spaces, lower-cased. */
export function headerCells(line: string): string[] {
  const text = line.startsWith(BOM) ? line.slice(1) : line;
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells.map((h) => h.trim().toLowerCase());
}

/**
 * Match a header line onto the logical columns of `kind`. `overrides` maps logical column ->
 * header name (config.columns[kind]). A missing required column is errors.missingColumn.
 */
export function planColumns(
  kind: InputKind,
  headerLine: string,
  file: string,
  overrides: Config['columns'][InputKind] | undefined,
): ColumnPlan {
  const cells = headerCells(headerLine.replace(/\r$/, ''));
  const n = cells.length;
  const plan: ColumnPlan = {
    kind,
    fieldCount: n,
    types: new Array(n).fill(FieldType.skip),
    slots: new Array(n).fill(0),
    required: new Array(n).fill(0),
    names: new Array(n).fill(''),
    absentSlots: [],
    filterField: 0,
  };
  for (const spec of COLUMN_SPECS[kind]) {
    const wanted = (overrides?.[spec.logical] ?? spec.header).trim().toLowerCase();
    const at = cells.indexOf(wanted);
    if (at < 0) {
      if (spec.required) throw errors.missingColumn(file, wanted, headerLine.replace(/\r$/, ''));
      plan.absentSlots.push(spec.slot);
      if (spec.type === FieldType.uint64 || spec.type === FieldType.int64)
        plan.absentSlots.push(spec.slot + 1);
      continue;
    }
    plan.types[at] = spec.type;
    plan.slots[at] = spec.slot;
    plan.required[at] = spec.required ? 1 : 0;
    plan.names[at] = spec.logical;
    if (FILTER_COLUMNS[kind].includes(spec.logical)) plan.filterField = Math.max(plan.filterField, at);
  }
  return plan;
}
