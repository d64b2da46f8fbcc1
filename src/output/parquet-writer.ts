/**
 * Parquet files through DuckDB: rows go into a typed temporary table by the appender, then
 * `COPY ... TO (FORMAT parquet)`. Column types are listed in schemas.ts; trading_date is a DATE.
 */
import { type DuckDBAppender, DuckDBDateValue, DuckDBDecimalValue } from '@duckdb/node-api';
import { parseDate } from '../time/trading-calendar.js';
import { sqlString, withDuckDb } from './duckdb-instance.js';
import type { ColumnType, Schema } from './schemas.js';

const SQL_TYPE: Record<ColumnType, string> = {
  date: 'DATE',
  int: 'BIGINT',
  u64: 'UBIGINT',
  i64: 'BIGINT',
  decimal: 'DOUBLE',
  double: 'DOUBLE',
  ns_ms: 'DECIMAL(38,6)',
  bool: 'BOOLEAN',
  string: 'VARCHAR',
};

function appendValue(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'date':
      appender.appendDate(new DuckDBDateValue(parseDate(value as string)));
      return;
    case 'int':
      appender.appendBigInt(BigInt(value as number));
      return;
    case 'u64':
      appender.appendUBigInt(value as bigint);
      return;
    case 'i64':
      appender.appendBigInt(value as bigint);
      return;
    case 'decimal':
    case 'double':
      appender.appendDouble(value as number);
      return;
    case 'ns_ms':
      // ns = ms scaled by 10^6: the decimal's unscaled value is the nanosecond count itself
      appender.appendDecimal(new DuckDBDecimalValue(value as bigint, 38, 6));
      return;
    case 'bool':
      appender.appendBoolean(value as boolean);
      return;
    case 'string':
      appender.appendVarchar(value as string);
      return;
  }
}

let tableSeq = 0;

export function writeParquet<Row>(file: string, schema: Schema<Row>, rows: Iterable<Row>): Promise<void> {
  return withDuckDb(async (conn) => {
    const table = `sweepscope_out_${tableSeq++}`;
    const columns = schema.map((c) => `"${c.name}" ${SQL_TYPE[c.type]}`).join(', ');
    await conn.run(`CREATE TABLE ${table} (${columns})`);
    try {
      const appender = await conn.createAppender(table);
      try {
        for (const row of rows) {
          for (const c of schema) appendValue(appender, c.type, row[c.name]);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      await conn.run(`COPY ${table} TO ${sqlString(file)} (FORMAT parquet)`);
    } finally {
      await conn.run(`DROP TABLE ${table}`);
    }
  });
}
