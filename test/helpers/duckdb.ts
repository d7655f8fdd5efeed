import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll } from 'vitest';

type JsRow = Awaited<ReturnType<DuckDBConnection['runAndReadAll']>> extends { getRowObjectsJS(): infer R } ? R : never;

/**
 * DuckDB in memory: an independent reader of the Parquet files the feed writes (it shares no
 * code with the writer), used as a warehouse would use the files. Closed after the file.
 */
export async function duckdb(): Promise<{ all(sql: string): Promise<JsRow> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });
  return {
    async all(sql) {
      return (await conn.runAndReadAll(sql)).getRowObjectsJS();
    },
  };
}
