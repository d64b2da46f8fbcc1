/**
 * The one in-process DuckDB connection (single-threaded, so Parquet files are written the same
 * way on every run), created on first use and shared by the Parquet writer and readers. DuckDB
 * work is queued: one statement sequence at a time on the shared connection.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | null = null;
let queue: Promise<unknown> = Promise.resolve();

async function connect(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  return instance.connect();
}

/** Runs `work` on the shared connection once every earlier piece of work has finished. */
export function withDuckDb<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  connection ??= connect();
  const result = queue.then(async () => work(await (connection as Promise<DuckDBConnection>)));
  queue = result.catch(() => undefined);
  return result;
}

/** A string literal for SQL text (file paths in COPY and read_parquet). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
