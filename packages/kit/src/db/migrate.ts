import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from './database.ts';

/**
 * Applies a center's drizzle-kit migrations, idempotently. Bookkeeping lives in
 * `drizzle.__migrations_<center>`. An advisory lock serialises centers started at the same
 * time against one PostgreSQL (cluster mode), which drizzle's own migrator does not.
 */
export async function migrateCenter(db: Db, center: string, migrationsFolder: string): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const table = sql.identifier(`__migrations_${center}`);
  let applied = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7426110)`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(sql`create table if not exists drizzle.${table} (id serial primary key, hash text not null, created_at bigint not null)`);
    const rows = await tx.execute(sql`select created_at from drizzle.${table} order by created_at desc limit 1`);
    const last = rowsOf<{ created_at: string | number }>(rows)[0];
    const lastMillis = last ? Number(last.created_at) : -1;
    for (const migration of migrations) {
      if (migration.folderMillis <= lastMillis) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`insert into drizzle.${table} (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`);
      applied++;
    }
  });
  return applied;
}

/** postgres.js returns an array of rows, PGlite an object with `rows`: one accessor for both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
