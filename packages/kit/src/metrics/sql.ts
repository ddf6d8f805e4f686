import type { PGlite, Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from './registry.ts';

const registers = [metricsRegistry];
const labelNames = ['center', 'source'] as const;

const statements = new Counter({
  name: 'zhongtai_sql_statements_total',
  help: 'SQL statements this process sent, per center; source: request (resolvers, service calls), relay (outbox relay), work (event handlers, jobs).',
  labelNames,
  registers,
});

const durations = new Histogram({
  name: 'zhongtai_sql_statement_duration_seconds',
  help: 'From handing a statement to the driver (waiting for a connection included) to its answer, per center.',
  labelNames,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers,
});

/** The kit's handle names (`orders`, `orders:relay`, `orders:work`) as labels. */
export function handleLabels(handle: string): { center: string; source: string } {
  const at = handle.indexOf(':');
  return at < 0 ? { center: handle, source: 'request' } : { center: handle.slice(0, at), source: handle.slice(at + 1) };
}

/** What one database handle reports: each statement as drizzle sends it, and each answer's time. */
export interface StatementMetrics {
  sent(): void;
  answered(seconds: number): void;
}

export function statementMetrics(handle: string): StatementMetrics {
  const labels = handleLabels(handle);
  const count = statements.labels(labels);
  const time = durations.labels(labels);
  return { sent: () => count.inc(), answered: (seconds) => time.observe(seconds) };
}

/**
 * A pool's use as this process sees it: statements outside a transaction plus open transactions,
 * each holding a connection or waiting for one (postgres.js does not publish its pool's state).
 * Above `max`, the difference waits.
 */
export class PoolUse {
  inUse = 0;
  constructor(readonly max: number) {}
}

const pools = new Set<PoolUse>();

new Gauge({
  name: 'zhongtai_db_pool_in_use',
  help: "Connections of this process's database pools in use: statements outside a transaction plus open transactions (above zhongtai_db_pool_max, the rest wait).",
  registers,
  collect() {
    let n = 0;
    for (const pool of pools) n += pool.inUse;
    this.set(n);
  },
});

new Gauge({
  name: 'zhongtai_db_pool_max',
  help: "Connections this process's database pools may open (DATABASE_POOL_SIZE; 1 on PGlite).",
  registers,
  collect() {
    let n = 0;
    for (const pool of pools) n += pool.max;
    this.set(n);
  },
});

/** A pool counted in the gauges until `release()` (its database closed). */
export function trackPool(max: number): PoolUse & { release(): void } {
  const pool = Object.assign(new PoolUse(max), { release: () => void pools.delete(pool) });
  pools.add(pool);
  return pool;
}

const now = () => performance.now();

/** Runs `work` counted as one connection in use. */
async function holding<T>(pool: PoolUse | undefined, work: () => Promise<T>): Promise<T> {
  if (pool) pool.inUse++;
  try {
    return await work();
  } finally {
    if (pool) pool.inUse--;
  }
}

/**
 * postgres.js as drizzle uses it (`unsafe`, `begin`, `savepoint`), each statement timed for
 * `handle`. A statement is a lazy promise drizzle may still call `.values()` on, so it is returned
 * as it is and timed through its own resolve/reject. `pool` is the root client's (a transaction's
 * statements run on the connection its `begin` already holds).
 */
export function measuredPostgres<T extends postgres.Sql>(sql: T, metrics: StatementMetrics, pool?: PoolUse): T {
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        return (...args: Parameters<postgres.Sql['unsafe']>) => {
          const query = target.unsafe(...args) as unknown as { resolve(x: unknown): void; reject(x: unknown): void };
          const started = now();
          if (pool) pool.inUse++;
          let open = true;
          const settle = () => {
            if (!open) return;
            open = false;
            if (pool) pool.inUse--;
            metrics.answered((now() - started) / 1000);
          };
          const { resolve, reject } = query;
          query.resolve = (x) => (settle(), resolve(x));
          query.reject = (x) => (settle(), reject(x));
          return query;
        };
      }
      if (key === 'begin' || key === 'savepoint') {
        return (...args: unknown[]) => {
          const callback = args.at(-1) as (tx: postgres.Sql) => unknown;
          const open = ((target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[key] as (...a: unknown[]) => Promise<unknown>).bind(
            target,
          );
          const run = () => open(...args.slice(0, -1), (tx: postgres.Sql) => callback(measuredPostgres(tx, metrics)));
          return key === 'begin' ? holding(pool, run) : run();
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/**
 * PGlite as drizzle uses it (`query`, `transaction`), each statement timed for `handle`. Its
 * methods read private fields, so they are called on the instance itself, not on the proxy.
 */
export function measuredPglite<T extends PGlite | Transaction>(client: T, metrics: StatementMetrics, pool?: PoolUse): T {
  return new Proxy(client, {
    get(target, key) {
      if (key === 'query') {
        return async (...args: Parameters<PGlite['query']>) => {
          const started = now();
          try {
            return await holding(pool, () => target.query(...args));
          } finally {
            metrics.answered((now() - started) / 1000);
          }
        };
      }
      if (key === 'transaction' && 'transaction' in target) {
        const db = target as PGlite;
        return <R>(callback: (tx: Transaction) => Promise<R>) => holding(pool, () => db.transaction((tx) => callback(measuredPglite(tx, metrics))));
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
