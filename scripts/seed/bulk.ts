import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { TransactionSql } from 'postgres';

/**
 * What makes a stage's COPY fast on PostgreSQL, inside the stage's transaction (an interrupted
 * stage rolls all of it back): the loaded tables' secondary indexes are dropped and built again
 * from their own definitions after the load (one sort instead of millions of inserts), and, as
 * a superuser, foreign keys are checked once per key with an anti-join instead of per row.
 */
export interface BulkSession {
  finish(log: (line: string) => void): Promise<void>;
}

const qualified = (table: PgTable) => {
  const config = getTableConfig(table);
  return { schema: config.schema ?? 'public', name: config.name, config };
};

export async function beginBulk(tx: TransactionSql, tables: PgTable[]): Promise<BulkSession> {
  const [role] = await tx<{ rolsuper: boolean }[]>`select rolsuper from pg_roles where rolname = current_user`;
  const superuser = role?.rolsuper === true;
  if (superuser) await tx`set local session_replication_role = replica`;
  await tx`set local maintenance_work_mem = '256MB'`;
  const indexes: { name: string; definition: string }[] = [];
  for (const table of tables) {
    const { schema, name } = qualified(table);
    // Indexes that back no constraint (primary keys stay: COPY is checked against them).
    const rows = await tx<{ name: string; definition: string }[]>`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relname = ${name}
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`;
    for (const index of rows) {
      await tx.unsafe(`drop index ${index.name}`);
      indexes.push(index);
    }
  }
  return {
    async finish(log) {
      const started = performance.now();
      for (const index of indexes) await tx.unsafe(index.definition);
      if (indexes.length) log(`  ${indexes.length} indexes built again in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (!superuser) return;
      await tx`set local session_replication_role = origin`;
      const checked = performance.now();
      let keys = 0;
      for (const table of tables) {
        const { schema, name, config } = qualified(table);
        for (const fk of config.foreignKeys) {
          const ref = fk.reference();
          const target = qualified(ref.foreignTable);
          const join = ref.columns.map((c, i) => `p."${ref.foreignColumns[i]!.name}" = c."${c.name}"`).join(' and ');
          const notNull = ref.columns.map((c) => `c."${c.name}" is not null`).join(' and ');
          const [row] = await tx.unsafe<{ n: number }[]>(
            `select count(*)::int as n from "${schema}"."${name}" c where ${notNull} and not exists (select 1 from "${target.schema}"."${target.name}" p where ${join})`,
          );
          if (row!.n) throw new Error(`${row!.n} rows of ${schema}.${name} break ${fk.getName()}`);
          keys++;
        }
      }
      if (keys) log(`  ${keys} foreign keys checked in ${((performance.now() - checked) / 1000).toFixed(1)} s`);
    },
  };
}
