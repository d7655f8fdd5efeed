import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ParquetWriter, fileWriter, type SchemaElement } from 'hyparquet-writer';
import type { Cell, Column, Row, Table } from './tables.js';

/** What a written file is, for the manifest. */
export interface WrittenFile {
  name: string;
  table: string;
  rows: number;
  bytes: number;
  sha256: string;
}

// One row group per this many rows: memory stays bounded by it, whatever the batch's size.
const ROW_GROUP = 50_000;
// A fixed writer name and no clock in the file: the same rows make the same bytes.
const CREATED_BY = 'lead-assistant warehouse feed 1';

function element(c: Column): SchemaElement {
  const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (c.type) {
    case 'STRING':
      return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
    case 'INT32':
      return { name: c.name, type: 'INT32', repetition_type };
    case 'INT64':
      return { name: c.name, type: 'INT64', repetition_type };
    case 'TIMESTAMP':
      // Both annotations: older readers (Hive) know the converted type, newer ones the UTC flag.
      return {
        name: c.name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        repetition_type,
      };
  }
}

export function parquetSchema(table: Table): SchemaElement[] {
  return [{ name: 'schema', num_children: table.columns.length }, ...table.columns.map(element)];
}

/** Rows in, one Parquet file out, a row group at a time. */
export class TableFile {
  private readonly writer: ParquetWriter;
  private buffer: Row[] = [];
  private count = 0;

  constructor(
    private readonly path: string,
    private readonly table: Table,
    kvMetadata: { key: string; value: string }[],
  ) {
    this.writer = new ParquetWriter({ writer: fileWriter(path), schema: parquetSchema(table), codec: 'SNAPPY', kvMetadata, createdBy: CREATED_BY });
  }

  push(row: Row): void {
    this.buffer.push(row);
    if (this.buffer.length >= ROW_GROUP) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.count += rows.length;
    const columnData = this.table.columns.map((c) => ({
      name: c.name,
      data: rows.map((r): Cell => r[c.name] ?? null),
      nullable: c.nullable,
    }));
    // fileWriter writes synchronously, so the write is done when it returns.
    void this.writer.write({ columnData, rowGroupSize: rows.length });
  }

  async close(): Promise<WrittenFile> {
    this.flush();
    this.writer.finish();
    const fh = await open(this.path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    return { name: this.table.file, table: this.table.name, rows: this.count, bytes: (await stat(this.path)).size, sha256: await sha256File(this.path) };
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
