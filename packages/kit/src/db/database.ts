import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { queryCounter as defaultCounter, type QueryCounter } from './queryCounter.ts';
import { throwIfAborted } from '../limits/abort.ts';
import { measuredPglite, measuredPostgres, statementMetrics, trackPool, type StatementMetrics } from '../metrics/sql.ts';

/**
 * The one database type every center writes against. Both drivers produce a PgDatabase;
 * a transaction is a PgDatabase too, so domain functions accept either.
 */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface Database {
  readonly driver: 'pglite' | 'postgres';
  /** A drizzle handle whose statements are counted under `center`. */
  forCenter(center: string): Db;
  /** How pg-boss reaches this database: its own pool on PostgreSQL, our connection on PGlite. */
  jobsConnection(): { connectionString: string; max: number } | { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  /** The whole data directory as a tar (PGlite only): a test template another PGlite starts from. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; unset opens embedded PGlite. */
  url?: string | undefined;
  /** PGlite directory, or `memory` for an in-memory database. */
  pgliteDir?: string;
  poolSize?: number;
  /** Connections of the job queue (pg-boss). Default 4. */
  jobsPoolSize?: number;
  counter?: QueryCounter;
  /** A PGlite data directory dump (`dump()`) the in-memory database starts from instead of empty. */
  pgliteLoad?: Blob;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const counter = options.counter ?? defaultCounter;
  // drizzle calls logQuery just before it sends a statement: an aborted request's statement
  // throws here, unsent and uncounted. `center` names the SQL spans (telemetry/sqlSpans.ts).
  const loggerFor = (center: string, metrics: StatementMetrics) => ({
    center,
    logQuery: () => {
      throwIfAborted();
      counter.increment(center);
      metrics.sent();
    },
  });

  if (options.url) {
    const pool = trackPool(options.poolSize ?? 10);
    const client = preparing(
      postgres(options.url, {
        max: options.poolSize ?? 10,
        onnotice: () => {},
        connection: { application_name: 'zhongtai' },
      }),
    );
    const handles = new Map<string, Db>();
    return {
      driver: 'postgres',
      forCenter(center) {
        let db = handles.get(center);
        if (!db) {
          const metrics = statementMetrics(center);
          db = drizzlePostgres(measuredPostgres(client, metrics, pool), { logger: loggerFor(center, metrics) }) as unknown as Db;
          handles.set(center, db);
        }
        return db;
      },
      jobsConnection: () => ({ connectionString: options.url!, max: options.jobsPoolSize ?? 4 }),
      async ping() {
        await client`select 1`;
      },
      async close() {
        pool.release();
        await client.end({ timeout: 5 });
      },
    };
  }

  const dir = options.pgliteDir ?? 'memory';
  if (dir !== 'memory') mkdirSync(dir, { recursive: true });
  const client = dir === 'memory' ? new PGlite({ loadDataDir: options.pgliteLoad }) : new PGlite(dir);
  await client.waitReady;
  // One connection: what waits behind it shows as in use above 1.
  const pool = trackPool(1);
  const handles = new Map<string, Db>();
  return {
    driver: 'pglite',
    forCenter(center) {
      let db = handles.get(center);
      if (!db) {
        const metrics = statementMetrics(center);
        db = drizzlePglite(measuredPglite(client, metrics, pool), { logger: loggerFor(center, metrics) }) as unknown as Db;
        handles.set(center, db);
      }
      return db;
    },
    jobsConnection: () => ({
      db: {
        // pg-boss sends its migrations as several statements without parameters: those need exec.
        async executeSql(text: string, values?: unknown[]) {
          if (values?.length) return { rows: (await client.query(text, values)).rows };
          const results = await client.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        },
      },
    }),
    async ping() {
      await client.query('select 1');
    },
    dump: () => client.dumpDataDir('none'),
    async close() {
      pool.release();
      if (!client.closed) await client.close();
    },
  };
}

/** Runs `select 1` through drizzle: used by readiness checks. */
export async function pingDb(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * drizzle sends unnamed queries with `prepare: false`, so postgres.js parses and describes every
 * statement in a round trip of its own before running it, and PostgreSQL plans it again. Here
 * every query with parameters is prepared once per connection and reused (the statement texts are
 * few: batch loads use anyOf, one array parameter whatever the batch size). Transactions and
 * savepoints get their own `sql`, so they are wrapped the same way.
 */
function preparing<T extends postgres.Sql>(sql: T): T {
  const unsafe = sql.unsafe.bind(sql);
  const patched = sql as unknown as Record<string, unknown>;
  patched.unsafe = (query: string, params?: unknown[], queryOptions?: { prepare?: boolean }) =>
    unsafe(query, params as never, params?.length ? { ...queryOptions, prepare: true } : queryOptions);
  for (const method of ['begin', 'savepoint'] as const) {
    const original = patched[method] as ((...args: unknown[]) => unknown) | undefined;
    if (!original) continue;
    patched[method] = (...args: unknown[]) => {
      const callback = args.at(-1) as (tx: postgres.Sql) => unknown;
      return original.apply(sql, [...args.slice(0, -1), (tx: postgres.Sql) => callback(preparing(tx))]);
    };
  }
  return sql;
}
