/**
 * An independent, deliberately naive model of the ingest for property tests: random input files
 * (valid, filtered and malformed rows, quoted fields, CRLF, no trailing newline), and a reference
 * that splits the text on "\n", parses each line with a simple string CSV reader, validates with
 * BigInt and routes with the SPEC §3 rules (a filtered row validated up to its filter columns;
 * an order row whose order_type is a valid integer without Centre Point bits is filtered whatever
 * its other fields hold). Tests compare the real store against it.
 */
import type { Config } from '../../src/config/types.js';
import type { OrderEvent, PartitionData, TradeLeg } from '../../src/model/rows.js';
import { FILE_ORDER_FILE_STRIDE } from '../../src/model/rows.js';
import { parseDate, TradingCalendar } from '../../src/time/trading-calendar.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ORDERS_HEADER_WITH_NOTE =
  'order_id,timestamp,note,security_code,price,side,quantity,leavesquantity,totalmatchedquantity,exchangeordertype,participantid,sequence,changereason,national_bid,national_offer,minimumquantity,midtick';
export const TRADES_HEADER_SHORT =
  'orderid,tradetime,securitycode,tradeprice,quantity,side,tradedate,dealsource,matchgroupid';
export const NBBO_HEADER_PLAIN = 'orderbookid,timestamp,bidprice,offerprice';

const INT64_MIN = '-9223372036854775808';
// 2024-09-02 .. 2024-09-09 around 00:00 UTC (10:00 Sydney); the day offsets below cross the 19:00
// cutoff (09:00 UTC) and a weekend.
const DAY0_SEC = 1725235200;
const SECURITIES = [110621, 5, 4_000_000_000];
const ORDER_TYPES = [1, 2048, 64, 2, 4098, 0, 256, 2050];
const NOTES = ['', 'plain', '"quoted, with comma"', '"say ""hi"""', '" spaced "'];

export interface GeneratedInputs {
  orders: string[];
  trades: string;
  nbbo: string;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Make a row malformed in one of several ways; returns the new line text (may contain "\n"). */
function corrupt(r: () => number, fields: string[]): string {
  const f = [...fields];
  const k = Math.floor(r() * 9);
  const at = Math.floor(r() * f.length);
  switch (k) {
    case 0:
      f.pop();
      break;
    case 1:
      f.push('7');
      break;
    case 2:
      f[0] = '18446744073709551616'; // 2^64
      break;
    case 3:
      f[at] = f[at] === '' ? 'x' : `${f[at]}x`;
      break;
    case 4:
      f[at] = `"unterminated ${f[at]}`;
      break;
    case 5:
      f[at] = `"a\rb"`;
      break;
    case 6:
      f[at] = `"line\nbreak"`;
      break;
    case 7:
      f[at] = `-${f[at] === '' ? '1' : f[at]}`;
      break;
    default:
      f[0] = '';
      break;
  }
  return f.join(',');
}

function joinLines(r: () => number, header: string, rows: string[]): string {
  let text = `${header}${r() < 0.3 ? '\r\n' : '\n'}`;
  rows.forEach((row, i) => {
    const last = i === rows.length - 1;
    const eol = last && r() < 0.3 ? '' : r() < 0.3 ? '\r\n' : '\n';
    text += row + eol;
    if (!last && r() < 0.03) text += '\n'; // a blank line
  });
  return text;
}

export function generateInputs(seed: number, rowsPerFile: number): GeneratedInputs {
  const r = rng(seed);
  const ids: bigint[] = [];
  for (let i = 0; i < 12; i++) {
    const big = r() < 0.5;
    ids.push(
      big ? 18446744073709551615n - BigInt(Math.floor(r() * 1e9)) * 1000n : BigInt(Math.floor(r() * 1e6)),
    );
  }
  const stamp = () => {
    const sec = DAY0_SEC + Math.floor(r() * 8) * 86400 + Math.floor(r() * 86400);
    return `${sec}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  };
  const stamps: string[] = [];
  const orders: string[] = [];
  for (let file = 0; file < 2; file++) {
    const rows: string[] = [];
    for (let i = 0; i < rowsPerFile; i++) {
      const ts = stamp();
      stamps.push(ts);
      const q = Math.floor(r() * 1000);
      const fields = [
        String(pick(r, ids)),
        ts,
        pick(r, NOTES),
        String(pick(r, SECURITIES)),
        r() < 0.5 ? String(3000 + Math.floor(r() * 100)) : `"${3000 + Math.floor(r() * 100)}"`,
        String(1 + Math.floor(r() * 2)),
        String(q),
        String(Math.floor(r() * (q + 1))),
        String(Math.floor(r() * (q + 1))),
        r() < 0.9 ? String(pick(r, ORDER_TYPES)) : `"${pick(r, ORDER_TYPES)}"`,
        String(Math.floor(r() * 100)),
        r() < 0.2 ? '' : r() < 0.1 ? '-5' : String(Math.floor(r() * 1e7)),
        r() < 0.3 ? '' : pick(r, ['1', '3', '6', '30']),
        r() < 0.2 ? INT64_MIN : r() < 0.2 ? '' : String(3300 + Math.floor(r() * 50)),
        r() < 0.2 ? INT64_MIN : String(3350 + Math.floor(r() * 50)),
        r() < 0.5 ? '' : String(Math.floor(r() * 100)),
        r() < 0.5 ? '' : String(1 + Math.floor(r() * 3)),
      ];
      rows.push(r() < 0.12 ? corrupt(r, fields) : fields.join(','));
    }
    orders.push(joinLines(r, ORDERS_HEADER_WITH_NOTE, rows));
  }
  const tradeRows: string[] = [];
  for (let i = 0; i < rowsPerFile; i++) {
    const ts = r() < 0.7 ? pick(r, stamps) : stamp();
    const dateGiven = r() < 0.3;
    const fields = [
      String(pick(r, ids)),
      ts,
      String(pick(r, SECURITIES)),
      String(3000 + Math.floor(r() * 100)),
      String(1 + Math.floor(r() * 500)),
      String(1 + Math.floor(r() * 2)),
      dateGiven ? pick(r, ['2024-09-03', '2024-09-04', '2024-09-05', '2024-09-09']) : '',
      r() < 0.3 ? '' : pick(r, ['1', '20', '47', '50']),
      r() < 0.3 ? '' : String(pick(r, ids)),
    ];
    tradeRows.push(r() < 0.1 ? corrupt(r, fields) : fields.join(','));
  }
  const nbboRows: string[] = [];
  for (let i = 0; i < Math.ceil(rowsPerFile / 2); i++) {
    const fields = [
      String(pick(r, SECURITIES)),
      r() < 0.7 ? pick(r, stamps) : stamp(),
      r() < 0.1 ? INT64_MIN : String(3300 + Math.floor(r() * 50)),
      String(3350 + Math.floor(r() * 50)),
    ];
    nbboRows.push(r() < 0.1 ? corrupt(r, fields) : fields.join(','));
  }
  return {
    orders,
    trades: joinLines(r, TRADES_HEADER_SHORT, tradeRows),
    nbbo: joinLines(r, NBBO_HEADER_PLAIN, nbboRows),
  };
}

// ---------------------------------------------------------------- reference

/** Simple CSV line parser: the complete fields, and whether quoting broke or a CR came after them. */
export function parseCsvPrefix(line: string): { fields: string[]; broken: boolean } {
  const fields: string[] = [];
  const broken = (): { fields: string[]; broken: boolean } => ({ fields, broken: true });
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return broken();
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
          } else break;
        } else {
          if (line[i] === '\r') return broken();
          field += line[i++];
        }
      }
      i++;
      if (i < line.length && line[i] !== ',') return broken();
    } else {
      const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
      field = line.slice(i, end);
      if (field.includes('"') || field.includes('\r')) return broken();
      i = end;
    }
    fields.push(field);
    if (i >= line.length) return { fields, broken: false };
    i++;
    if (i === line.length) {
      fields.push('');
      return { fields, broken: false };
    }
  }
}

class Reject extends Error {}

type Kind = 'uint' | 'u32' | 'u64' | 'ts' | 'i64' | 'side' | 'quote' | 'date';

function value(text: string, kind: Kind, required: boolean): bigint | number | null {
  if (text === '') {
    if (required) throw new Reject('empty');
    return null;
  }
  if (kind === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Reject('date');
    try {
      return parseDate(text);
    } catch {
      throw new Reject('date');
    }
  }
  if (kind === 'side') {
    if (text !== '1' && text !== '2') throw new Reject('side');
    return Number(text);
  }
  if (!/^-?\d+$/.test(text)) throw new Reject('not integer');
  const v = BigInt(text);
  switch (kind) {
    case 'uint':
    case 'u32':
      if (text.startsWith('-')) throw new Reject('negative');
      if (v >= (kind === 'u32' ? 2n ** 32n : 10n ** 15n)) throw new Reject('range');
      return Number(v);
    case 'u64':
      if (text.startsWith('-')) throw new Reject('negative');
      if (v >= 2n ** 64n) throw new Reject('range');
      return v;
    case 'ts':
    case 'i64':
      if (v >= 2n ** 63n || v < -(2n ** 63n)) throw new Reject('range');
      if (kind === 'ts' && v < 0n) throw new Reject('negative');
      return v;
    case 'quote':
      if (v === -(2n ** 63n)) return null;
      if (v > 2n ** 53n || v < -(2n ** 53n)) throw new Reject('range');
      return Number(v);
  }
}

interface RefColumn {
  /** position in the generated headers above */
  at: number;
  name: string;
  kind: Kind;
  required: boolean;
  /** read by the keep-or-filter decision */
  filter?: boolean;
}

const col = (at: number, name: string, kind: Kind, required: boolean, filter = false): RefColumn => ({
  at,
  name,
  kind,
  required,
  filter,
});

const REFERENCE_COLUMNS: Record<'orders' | 'trades' | 'nbbo', RefColumn[]> = {
  orders: [
    col(0, 'orderId', 'u64', true),
    col(1, 'ts', 'ts', true, true),
    col(3, 'security', 'u32', true, true),
    col(4, 'price', 'uint', true),
    col(5, 'side', 'side', true),
    col(6, 'quantity', 'uint', true),
    col(7, 'leaves', 'uint', true),
    col(8, 'matched', 'uint', true),
    col(9, 'orderType', 'uint', true, true),
    col(10, 'participantId', 'uint', true),
    col(11, 'sequence', 'i64', false),
    col(12, 'changeReason', 'uint', false),
    col(13, 'nationalBid', 'quote', false),
    col(14, 'nationalOffer', 'quote', false),
    col(15, 'minimumQuantity', 'uint', false),
    col(16, 'midtick', 'uint', false),
  ],
  trades: [
    col(0, 'orderId', 'u64', true, true),
    col(1, 'ts', 'ts', true, true),
    col(2, 'security', 'u32', true, true),
    col(3, 'price', 'uint', true),
    col(4, 'quantity', 'uint', true),
    col(5, 'side', 'side', true),
    col(6, 'tradeDate', 'date', false, true),
    col(7, 'dealSource', 'uint', false),
    col(8, 'matchGroupId', 'u64', false),
  ],
  nbbo: [
    col(0, 'security', 'u32', true, true),
    col(1, 'ts', 'ts', true, true),
    col(2, 'bid', 'quote', true),
    col(3, 'offer', 'quote', true),
  ],
};

const ORDER_TYPE_AT = REFERENCE_COLUMNS.orders.find((c) => c.name === 'orderType')!.at;

/**
 * The order pre-filter rule: the order_type field came out of the CSV reader intact (every field
 * before it is complete, so no broken quoting or CR up to it) and is a valid unsigned integer
 * without Centre Point bits. Nothing else about the row matters.
 */
function nonCentrePoint(fields: readonly string[], mask: number): boolean {
  if (fields.length <= ORDER_TYPE_AT) return false;
  let orderType: number;
  try {
    orderType = value(fields[ORDER_TYPE_AT], 'uint', true) as number;
  } catch (e) {
    if (e instanceof Reject) return false;
    throw e;
  }
  return (orderType & mask) === 0;
}

export interface ReferenceFile {
  path: string;
  kind: 'orders' | 'trades' | 'nbbo';
  /** index in the ingest's file list (orders files, then nbbo, then trades) */
  fileIndex: number;
  text: string;
}

export interface ReferenceResult {
  partitions: Map<string, PartitionData>;
  counts: Map<string, { read: number; used: number; filtered: number; rejected: number }>;
  rejects: { file: string; line: number }[];
}

/** Lines of a file: [line number, byte offset, text without CR-before-LF]. */
function linesOf(text: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  let offset = 0;
  text.split('\n').forEach((raw, i) => {
    const len = Buffer.byteLength(raw, 'utf8');
    if (i > 0) out.push([i + 1, offset, raw.endsWith('\r') ? raw.slice(0, -1) : raw]);
    offset += len + 1;
  });
  return out;
}

export function referenceIngest(config: Config, files: readonly ReferenceFile[]): ReferenceResult {
  const cal = new TradingCalendar({
    timezone: config.timezone,
    dayCutoff: config.dayCutoff,
    holidays: config.holidays,
  });
  const { start, end, allDates } = config.dataSelection.dateRange;
  const dayStart = allDates || start === null ? -Infinity : parseDate(start);
  const dayEnd = allDates || end === null ? Infinity : parseDate(end);
  const securities = new Set(config.dataSelection.securityCodes);
  const partitions = new Map<string, PartitionData>();
  const counts: ReferenceResult['counts'] = new Map();
  const rejects: ReferenceResult['rejects'] = [];
  const universe = new Set<string>();
  const part = (day: number, sec: number) => {
    const key = `${day}/${sec}`;
    let p = partitions.get(key);
    if (!p) {
      p = { day, securityCode: sec, orders: [], trades: [], quotes: [] };
      partitions.set(key, p);
    }
    return p;
  };
  const tradingDay = (ts: bigint) => cal.tradingDay(Number(ts / 1_000_000_000n));
  for (const kind of ['orders', 'nbbo', 'trades'] as const) {
    for (const f of files.filter((x) => x.kind === kind)) {
      const c = { read: 0, used: 0, filtered: 0, rejected: 0 };
      counts.set(f.path, c);
      const header = f.text.slice(0, f.text.indexOf('\n')).replace(/\r$/, '');
      const nFields = header.split(',').length;
      for (const [lineNo, offset, line] of linesOf(f.text)) {
        if (line === '') continue;
        c.read++;
        const { fields, broken } = parseCsvPrefix(line);
        const cols = REFERENCE_COLUMNS[kind];
        // the decision reads the columns up to the last filter column (in file order); a filtered
        // row is validated only that far, a kept one in full
        const filterField = Math.max(...cols.filter((c) => c.filter).map((c) => c.at));
        const v = new Map<string, bigint | number | null>();
        const read = (upTo: number, from: number) => {
          for (const c of cols)
            if (c.at >= from && c.at <= upTo) v.set(c.name, value(fields[c.at], c.kind, c.required));
        };
        if (kind === 'orders' && nonCentrePoint(fields, config.centrePointMask)) {
          c.filtered++;
          continue;
        }
        try {
          if (fields.length <= filterField) throw new Reject('too few fields before the filter columns');
          read(filterField, 0);
          const fileOrder = f.fileIndex * FILE_ORDER_FILE_STRIDE + offset;
          const ts = v.get('ts') as bigint;
          const sec = v.get('security') as number;
          if (kind === 'orders') {
            const day = tradingDay(ts);
            const keep =
              ((v.get('orderType') as number) & config.centrePointMask) !== 0 &&
              (securities.size === 0 || securities.has(sec)) &&
              day >= dayStart &&
              day <= dayEnd;
            if (!keep) {
              c.filtered++;
              continue;
            }
            if (broken || fields.length !== nFields) throw new Reject('csv');
            read(Number.POSITIVE_INFINITY, filterField + 1);
            const o: OrderEvent = {
              orderId: v.get('orderId') as bigint,
              ts,
              securityCode: sec,
              price: v.get('price') as number,
              side: v.get('side') as 1 | 2,
              quantity: v.get('quantity') as number,
              leaves: v.get('leaves') as number,
              matched: v.get('matched') as number,
              orderType: v.get('orderType') as number,
              participantId: v.get('participantId') as number,
              sequence: v.get('sequence') as bigint | null,
              changeReason: v.get('changeReason') as number | null,
              nationalBid: v.get('nationalBid') as number | null,
              nationalOffer: v.get('nationalOffer') as number | null,
              minimumQuantity: v.get('minimumQuantity') as number | null,
              midtick: v.get('midtick') as number | null,
              fileOrder,
            };
            c.used++;
            part(day, sec).orders.push(o);
            universe.add(`${o.orderId}|${day}|${sec}`);
          } else if (kind === 'trades') {
            const tradeDate = v.get('tradeDate') as number | null;
            const day = tradeDate ?? tradingDay(ts);
            if (!universe.has(`${v.get('orderId')}|${day}|${sec}`)) {
              c.filtered++;
              continue;
            }
            if (broken || fields.length !== nFields) throw new Reject('csv');
            read(Number.POSITIVE_INFINITY, filterField + 1);
            const t: TradeLeg = {
              orderId: v.get('orderId') as bigint,
              tradeTime: ts,
              securityCode: sec,
              price: v.get('price') as number,
              quantity: v.get('quantity') as number,
              side: v.get('side') as 1 | 2,
              tradeDate,
              dealSource: v.get('dealSource') as number | null,
              participantId: null,
              nationalBid: null,
              nationalOffer: null,
              matchGroupId: v.get('matchGroupId') as bigint | null,
              fileOrder,
            };
            c.used++;
            part(day, sec).trades.push(t);
          } else {
            const day = tradingDay(ts);
            const p = partitions.get(`${day}/${sec}`);
            if (!p || p.orders.length === 0) {
              c.filtered++;
              continue;
            }
            if (broken || fields.length !== nFields) throw new Reject('csv');
            read(Number.POSITIVE_INFINITY, filterField + 1);
            c.used++;
            p.quotes.push({
              securityCode: sec,
              ts,
              bid: v.get('bid') as number | null,
              offer: v.get('offer') as number | null,
              fileOrder,
            });
          }
        } catch (e) {
          if (!(e instanceof Reject)) throw e;
          c.rejected++;
          rejects.push({ file: f.path, line: lineNo });
        }
      }
    }
  }
  return { partitions, counts, rejects };
}
