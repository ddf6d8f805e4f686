import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { Gauge } from 'prom-client';
import { logger } from '../log.ts';
import { metricsRegistry } from './registry.ts';

/** Runs raw SQL outside the centers' counted handles: a scrape must not show up as a center's statements. */
export type RawSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export interface QueueBacklog {
  queue: string;
  /** Due and waiting for a worker (created or retrying, start_after passed). */
  ready: number;
  /** Waiting for their start_after (timers: unpaid-order closing, auto-confirm, ...). */
  deferred: number;
  active: number;
  /** How long the oldest ready job has been due; 0 when none is. */
  oldestReadySeconds: number;
}

export interface OutboxBacklog {
  center: string;
  unpublished: number;
  /** Age of the oldest row the relay has not moved yet; 0 when none. */
  oldestSeconds: number;
}

/**
 * Jobs per queue in one statement over pg-boss's job table (its `job_i5` index covers the waiting
 * states; active and the still-kept completed rows of the last hours are scanned). Queues without
 * a job report zeros, so a queue's series does not vanish when it empties.
 */
export async function readQueueBacklog(run: RawSql, queues: string[]): Promise<QueueBacklog[]> {
  if (!queues.length) return [];
  const { rows } = await run(
    `select name,
       count(*) filter (where state < 'active' and start_after <= now())::int as ready,
       count(*) filter (where state < 'active' and start_after > now())::int as deferred,
       count(*) filter (where state = 'active')::int as active,
       coalesce(extract(epoch from now() - min(start_after) filter (where state < 'active' and start_after <= now())), 0)::float8 as oldest
     from pgboss.job where name = any($1::text[]) and state < 'completed' group by name`,
    [queues],
  );
  const found = new Map((rows as { name: string; ready: number; deferred: number; active: number; oldest: number }[]).map((r) => [r.name, r]));
  return queues.map((queue) => {
    const r = found.get(queue);
    return { queue, ready: r?.ready ?? 0, deferred: r?.deferred ?? 0, active: r?.active ?? 0, oldestReadySeconds: Number(r?.oldest ?? 0) };
  });
}

/** Unpublished outbox rows of every given center, one statement (a union over their partial indexes). */
export async function readOutboxBacklog(run: RawSql, outboxes: { center: string; table: PgTable }[]): Promise<OutboxBacklog[]> {
  if (!outboxes.length) return [];
  const parts = outboxes.map(({ center, table }, i) => {
    const { schema, name } = getTableConfig(table);
    const qualified = [schema, name]
      .filter((part): part is string => Boolean(part))
      .map(quoteIdentifier)
      .join('.');
    return `select ${i} as i, count(*)::int as unpublished, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest from ${qualified} where published_at is null`;
  });
  const { rows } = await run(parts.join(' union all '));
  const byIndex = new Map((rows as { i: number; unpublished: number; oldest: number }[]).map((r) => [Number(r.i), r]));
  return outboxes.map(({ center }, i) => ({ center, unpublished: byIndex.get(i)?.unpublished ?? 0, oldestSeconds: Number(byIndex.get(i)?.oldest ?? 0) }));
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Something that can tell its backlog at scrape time: an event bus, with the queues and outboxes of its process. */
export interface BacklogSource {
  backlog(): Promise<{ queues: QueueBacklog[]; outboxes: OutboxBacklog[] }>;
}

const sources = new Set<BacklogSource>();

/** Reported on each scrape until the returned function is called (the bus stopped). */
export function reportBacklog(source: BacklogSource): () => void {
  sources.add(source);
  return () => void sources.delete(source);
}

const registers = [metricsRegistry];
const queueJobs = new Gauge({
  name: 'zhongtai_queue_jobs',
  help: 'Jobs in each event-bus queue this process works, by state: ready (due, waiting for a worker), deferred (start_after ahead), active.',
  labelNames: ['queue', 'state'] as const,
  registers,
});
const queueOldest = new Gauge({
  name: 'zhongtai_queue_oldest_ready_age_seconds',
  help: 'How long the oldest due job of each queue has waited (0: none waits).',
  labelNames: ['queue'] as const,
  registers,
});
const outboxRows = new Gauge({
  name: 'zhongtai_outbox_unpublished',
  help: "Rows of each center's outbox the relay has not handed to the queue yet.",
  labelNames: ['center'] as const,
  registers,
});
const outboxOldest = new Gauge({
  name: 'zhongtai_outbox_oldest_unpublished_age_seconds',
  help: "Age of the oldest unpublished row of each center's outbox (0: none).",
  labelNames: ['center'] as const,
  registers,
});

/**
 * Reads every source's backlog into the gauges: called by the scrape, so the queries run only
 * when someone asks (two statements per source). A source that fails leaves its series out of
 * this scrape rather than failing it: the rest of /metrics matters most when the database is sick.
 */
export async function refreshBacklog(): Promise<void> {
  const read = await Promise.allSettled([...sources].map((s) => s.backlog()));
  for (const gauge of [queueJobs, queueOldest, outboxRows, outboxOldest]) gauge.reset();
  for (const result of read) {
    if (result.status !== 'fulfilled') {
      logger({ center: 'metrics' }).warn('backlog not read', { error: result.reason as Error });
      continue;
    }
    for (const q of result.value.queues) {
      queueJobs.set({ queue: q.queue, state: 'ready' }, q.ready);
      queueJobs.set({ queue: q.queue, state: 'deferred' }, q.deferred);
      queueJobs.set({ queue: q.queue, state: 'active' }, q.active);
      queueOldest.set({ queue: q.queue }, q.oldestReadySeconds);
    }
    for (const o of result.value.outboxes) {
      outboxRows.set({ center: o.center }, o.unpublished);
      outboxOldest.set({ center: o.center }, o.oldestSeconds);
    }
  }
}
