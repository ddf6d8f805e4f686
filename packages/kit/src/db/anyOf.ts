import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any($1)` with the whole list as one array parameter. drizzle's inArray writes one
 * parameter per value, so every batch size is a new statement text: PostgreSQL parses and plans
 * it again (no prepared statement fits) and drizzle builds a parameter per id. A DataLoader
 * batch has a different size on every request, so batch loads use this instead.
 */
export function anyOf(column: PgColumn, values: readonly unknown[]): SQL {
  if (!values.length) return sql`false`;
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(column.getSQLType())}[])`;
}
