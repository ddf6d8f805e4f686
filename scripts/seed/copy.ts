import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { TransactionSql } from 'postgres';
import type { Db } from '@zhongtai/kit';

/**
 * Bulk writing of generated rows into one table. Rows are the table's drizzle insert type, so a
 * renamed or new NOT NULL column breaks the type check; the column list of COPY comes from the
 * table itself and is checked once more at run time (every NOT NULL column without a default
 * must be given).
 */
export interface TableLoad<T extends PgTable = PgTable> {
  table: T;
  rows: () => Iterable<T['$inferInsert']>;
}

/** Writes rows into one table of an open stage transaction (one statement per call); returns how many. */
export type TableWriter = (load: TableLoad, onRows: (n: number) => void) => Promise<number>;

interface Column {
  key: string;
  name: string;
}

export function columnsOf(table: PgTable, sample: Record<string, unknown>): { schema: string; name: string; columns: Column[] } {
  const config = getTableConfig(table);
  const byKey = Object.entries(
    table as unknown as Record<string, { name?: string; notNull?: boolean; hasDefault?: boolean; generated?: unknown; generatedIdentity?: unknown }>,
  );
  const columns: Column[] = [];
  for (const column of config.columns) {
    const key = byKey.find(([, c]) => c === (column as unknown))?.[0];
    if (!key) throw new Error(`${config.name}.${column.name}: no property`);
    const given = sample[key] !== undefined;
    if (!given && column.notNull && !column.hasDefault && !column.generatedIdentity) {
      throw new Error(`seed rows for ${config.schema}.${config.name} lack NOT NULL column ${column.name}`);
    }
    if (given) columns.push({ key, name: column.name });
  }
  return { schema: config.schema ?? 'public', name: config.name, columns };
}

/** COPY text format: tab separated, \N for null, backslash escapes. */
function encode(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escape(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      return value instanceof Date ? value.toISOString() : escape(JSON.stringify(value));
  }
}

const SPECIAL = /[\\\t\n\r]/;
function escape(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const CHUNK_CHARS = 256 * 1024;

/** PostgreSQL: one COPY per table on the stage's transaction, fed in chunks of text lines. */
export function copyWriter(tx: TransactionSql): TableWriter {
  return async ({ table, rows }, onRows) => {
    const iterator = rows()[Symbol.iterator]();
    const first = iterator.next();
    if (first.done) return 0;
    const { schema, name, columns } = columnsOf(table, first.value as Record<string, unknown>);
    let count = 0;
    function* chunks(): Generator<string> {
      let buffer = '';
      let pending = 0;
      let next: IteratorResult<unknown> = first;
      while (!next.done) {
        const row = next.value as Record<string, unknown>;
        let line = '';
        for (let i = 0; i < columns.length; i++) line += (i ? '\t' : '') + encode(row[columns[i]!.key]);
        buffer += line + '\n';
        pending++;
        if (buffer.length >= CHUNK_CHARS) {
          yield buffer;
          count += pending;
          onRows(pending);
          buffer = '';
          pending = 0;
        }
        next = iterator.next();
      }
      if (buffer) yield buffer;
      count += pending;
      onRows(pending);
    }
    const target = await tx`copy ${tx(schema)}.${tx(name)} (${tx(columns.map((c) => c.name))}) from stdin`.writable();
    await pipeline(Readable.from(chunks()), target);
    return count;
  };
}

/** PGlite (tiny scale only): multi-row inserts through drizzle, as many rows as parameters allow. */
export function insertWriter(tx: Db): TableWriter {
  return async ({ table, rows }, onRows) => {
    let batch: Record<string, unknown>[] = [];
    let size = 0;
    let count = 0;
    const flush = async () => {
      if (!batch.length) return;
      await tx.insert(table).values(batch as never);
      count += batch.length;
      onRows(batch.length);
      batch = [];
    };
    for (const row of rows()) {
      if (!size) size = Math.max(1, Math.floor(20_000 / Math.max(1, Object.keys(row).length)));
      batch.push(row as Record<string, unknown>);
      if (batch.length >= size) await flush();
    }
    await flush();
    return count;
  };
}
