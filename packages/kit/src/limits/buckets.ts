import postgres from 'postgres';
import type { CostBudget } from './config.ts';

/** Shopify's `throttleStatus`: what the caller's bucket holds after this request. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface Spend {
  /** False: the bucket could not pay; nothing was taken. */
  ok: boolean;
  status: ThrottleStatus;
}

/**
 * Leaky buckets of cost points, one per caller key. A request takes its requested cost up
 * front (refused when the bucket cannot pay it) and gets back what it did not use once the
 * response is known. The level drains at `restoreRate` points a second.
 */
export interface BucketStore {
  take(key: string, cost: number, budget: CostBudget): Promise<Spend>;
  refund(key: string, points: number, budget: CostBudget): Promise<ThrottleStatus>;
  close(): Promise<void>;
}

/** One process (all-in-one): a Map of levels. */
export class MemoryBuckets implements BucketStore {
  private readonly buckets = new Map<string, { level: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, cost: number, budget: CostBudget): Promise<Spend> {
    const level = this.level(key, budget);
    const ok = level + cost <= budget.bucketSize;
    const next = ok ? level + cost : level;
    this.buckets.set(key, { level: next, at: this.now() });
    return { ok, status: status(next, budget) };
  }

  async refund(key: string, points: number, budget: CostBudget): Promise<ThrottleStatus> {
    const next = Math.max(0, this.level(key, budget) - points);
    this.buckets.set(key, { level: next, at: this.now() });
    return status(next, budget);
  }

  async close(): Promise<void> {}

  private level(key: string, budget: CostBudget): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    return Math.max(0, bucket.level - ((this.now() - bucket.at) / 1000) * budget.restoreRate);
  }
}

/**
 * Several gateways: the buckets live in PostgreSQL, each take or refund one atomic UPSERT (the
 * row lock orders concurrent requests of one caller; no read-then-write race).
 */
export class PostgresBuckets implements BucketStore {
  private readonly sql: postgres.Sql;
  private ready: Promise<unknown> | undefined;

  constructor(url: string) {
    this.sql = postgres(url, { max: 4, onnotice: () => {}, connection: { application_name: 'zhongtai-rate-limit' } });
  }

  private init(): Promise<unknown> {
    // Not a center's table: the gateway's own, created on first use (no migrations to run);
    // the lock keeps two gateways starting together from racing on `create table`.
    return (this.ready ??= this.sql
      .begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('gateway_rate_buckets'))`;
        await tx`
          create table if not exists public.gateway_rate_buckets (
            key text primary key,
            level double precision not null,
            taken boolean not null,
            updated_at timestamptz not null default clock_timestamp()
          )`;
      })
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      }));
  }

  async take(key: string, cost: number, budget: CostBudget): Promise<Spend> {
    await this.init();
    const drained = this.sql`greatest(0, b.level - extract(epoch from clock_timestamp() - b.updated_at) * ${budget.restoreRate})`;
    const fits = cost <= budget.bucketSize;
    // One statement: drain by the time passed, then add the cost only when it fits.
    const [row] = await this.sql<{ level: number; taken: boolean }[]>`
      insert into public.gateway_rate_buckets as b (key, level, taken, updated_at)
      values (${key}, ${fits ? cost : 0}, ${fits}, clock_timestamp())
      on conflict (key) do update set
        level = case when ${drained} + ${cost} <= ${budget.bucketSize} then ${drained} + ${cost} else ${drained} end,
        taken = ${drained} + ${cost} <= ${budget.bucketSize},
        updated_at = clock_timestamp()
      returning level, taken`;
    return { ok: row!.taken, status: status(row!.level, budget) };
  }

  async refund(key: string, points: number, budget: CostBudget): Promise<ThrottleStatus> {
    await this.init();
    const [row] = await this.sql<{ level: number }[]>`
      update public.gateway_rate_buckets b set
        level = greatest(0, greatest(0, b.level - extract(epoch from clock_timestamp() - b.updated_at) * ${budget.restoreRate}) - ${points}),
        updated_at = clock_timestamp()
      where key = ${key}
      returning level`;
    return status(row?.level ?? 0, budget);
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

function status(level: number, budget: CostBudget): ThrottleStatus {
  return {
    maximumAvailable: budget.bucketSize,
    currentlyAvailable: Math.max(0, Math.floor(budget.bucketSize - level)),
    restoreRate: budget.restoreRate,
  };
}
