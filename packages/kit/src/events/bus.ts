import { AsyncResource } from 'node:async_hooks';
import PgBoss from 'pg-boss';
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import type { Claims } from '../auth/claims.ts';
import { createRequestContext, type Clock, type RequestContext } from '../context.ts';
import type { Database, Db } from '../db/database.ts';
import type { ServiceClient } from '../serviceClient.ts';
import { SUBSCRIBERS, type EventEnvelope, type Topic } from './catalog.ts';
import { AS_OF_KEY, TRACE_KEY, type EventPublisher } from './publisher.ts';
import { timeTravelling, withTimeAt } from '../timeScope.ts';
import type { OutboxTable, ProcessedEventsTable } from './tables.ts';
import { jobsThrough } from './jobsThrough.ts';
import { logger } from '../log.ts';
import { withRequestScope } from '../telemetry/requestScope.ts';
import { contextFrom, inSpan, SpanKind, traceIdOf } from '../telemetry/spans.ts';
import { readOutboxBacklog, readQueueBacklog, reportBacklog, type BacklogSource, type RawSql } from '../metrics/backlog.ts';

/** Handles one event inside a transaction (`ctx.db`) that also records it as processed. */
export type EventHandler<T extends Topic> = (ctx: RequestContext, event: EventEnvelope<T>) => Promise<void>;
export type EventHandlers = { [T in Topic]?: EventHandler<T> };

export interface JobDefinition {
  /** Runs outside any transaction; open one where the work needs it. */
  handler: (ctx: RequestContext, data: Record<string, unknown>) => Promise<void>;
  /** Cron expression (UTC) for a recurring job. */
  cron?: string;
  retryLimit?: number;
  /**
   * How long one run may take before the queue takes it for dead and runs it again (pg-boss's
   * default: 15 minutes). A job that replays a whole center (a read model's rebuild) needs more.
   */
  expireInSeconds?: number;
}

/** What the bus needs of each hosted center. */
export interface BusCenter {
  name: string;
  db: Db;
  services: ServiceClient;
  events: EventPublisher;
  outbox?: OutboxTable;
  inbox?: ProcessedEventsTable;
  handlers?: EventHandlers;
  jobs?: Record<string, JobDefinition>;
  /** The clock handlers and jobs read (default the real one). */
  clock?: Clock;
}

export interface EventBusOptions {
  /** How often workers look for due jobs; in-process sends wake them at once. Default 2 s. */
  pollSeconds?: number;
  /** How often the relay looks at outboxes when nothing nudged it. Default 1000 ms. */
  relayIdleMs?: number;
}

export const eventQueue = (subscriber: string, topic: Topic) => `${subscriber}-${topic}`;
export const jobQueue = (center: string, job: string) => `${center}-job-${job}`;

type OutboxRow = OutboxTable['$inferSelect'];

/** The bus runs outside any request; its lines name it as their center. */
const log = logger({ center: 'events' });

const systemClaims = (center: string): Claims => ({
  subject: `system:${center}`,
  role: 'SERVICE',
  shopId: null,
  memberId: null,
  staffId: null,
  scopes: new Set(['service']),
});

/**
 * Moves outbox rows into pg-boss queues (the relay) and runs this process's event handlers and
 * jobs. The relay publishes each row once (sent and marked in one transaction, rows locked with
 * SKIP LOCKED, so several processes relaying one outbox share it). Handling is at least once: a
 * crash after a handler's work and before its job is completed runs it again, and the handler's
 * processed_events row makes the second run a no-op.
 */
export class EventBus implements BacklogSource {
  private readonly workers = new Map<string, string>();
  private readonly queues = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The relay's pass under way (one at a time per process). */
  private relaying: Promise<void> | undefined;
  private stopped = false;
  /**
   * The relay's timers run in the context the bus started in: a nudge comes from inside a
   * request, whose span, log scope and deadline must not follow the relay's work.
   */
  private readonly detached = new AsyncResource('zhongtai.relay');
  private unreport = () => {};

  private constructor(
    private readonly boss: PgBoss,
    private readonly database: Database,
    private readonly centers: BusCenter[],
    private readonly options: Required<EventBusOptions>,
  ) {}

  static async start(database: Database, centers: BusCenter[], options: EventBusOptions = {}): Promise<EventBus> {
    checkSubscriptions(centers);
    const boss = new PgBoss({ ...database.jobsConnection(), schema: 'pgboss', supervise: true, schedule: true, migrate: true });
    boss.on('error', (error) => log.error('pg-boss', { error: error.message }));
    await boss.start();
    const bus = new EventBus(boss, database, centers, { pollSeconds: options.pollSeconds ?? 2, relayIdleMs: options.relayIdleMs ?? 1000 });
    await bus.registerWorkers();
    bus.loop(0);
    bus.unreport = reportBacklog(bus);
    return bus;
  }

  /** Called when a center wrote to its outbox: relay soon (the write commits a moment later). */
  nudge(): void {
    this.loop(30);
    this.loop(300);
  }

  /**
   * Stops gracefully: the relay's pass under way ends, then one last pass publishes what the
   * requests served until now wrote; each worker finishes the job it is running and starts no
   * other (the rest of its batch goes back to the queue).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unreport();
    for (const timer of this.timers) clearTimeout(timer);
    await this.relaying;
    try {
      await this.relayNow();
    } catch (error) {
      // Not lost: the rows stay unpublished for the next process's relay.
      log.error('last relay pass failed', { error: (error as Error).message });
    }
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  /**
   * What waits, read on each /metrics scrape: jobs per queue this process works (its workers'
   * queues, so replicas of one center report the same queues) and its centers' unpublished outbox
   * rows. Through pg-boss's connection: these statements are no center's work.
   */
  async backlog(): Promise<Awaited<ReturnType<BacklogSource['backlog']>>> {
    const run: RawSql = (text, values) => this.boss.getDb().executeSql(text, values ?? []);
    const outboxes = this.centers.flatMap((c) => (c.outbox ? [{ center: c.name, table: c.outbox }] : []));
    const [queues, outbox] = await Promise.all([readQueueBacklog(run, [...this.workers.keys()]), readOutboxBacklog(run, outboxes)]);
    return { queues, outboxes: outbox };
  }

  /** Relays every outbox once; returns how many rows moved. Tests call it to not wait for a tick. */
  async relayNow(): Promise<number> {
    let moved = 0;
    for (const center of this.centers) if (center.outbox) moved += await this.relay(center, center.outbox);
    return moved;
  }

  /**
   * Relays and waits until no event is left to handle (scheduled jobs aside): the test template
   * applies the seed's events once, so no test graph starts with a backlog to work through.
   */
  async drain(timeoutMs = 180_000): Promise<void> {
    const eventQueues = this.centers.flatMap((c) => Object.keys(c.handlers ?? {}).map((topic) => eventQueue(c.name, topic as Topic)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const moved = await this.relayNow();
      // One count over every event queue (what getQueueSize asks per queue), not one query each.
      const counted = await this.boss
        .getDb()
        .executeSql(`select count(*)::int as n from pgboss.job where name = any($1::text[]) and state < 'completed'`, [eventQueues]);
      const pending = Number((counted.rows[0] as { n: number }).n);
      if (!moved && !pending) return;
      if (Date.now() > deadline) throw new Error(`events not drained after ${timeoutMs} ms: ${pending} pending`);
      for (const worker of this.workers.values()) this.boss.notifyWorker(worker);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private loop(delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(
      this.detached.bind(async () => {
        this.timers.delete(timer);
        if (this.relaying || this.stopped) return;
        this.relaying = this.relayNow().then(
          () => {},
          (error: Error) => void (this.stopped || log.error('relay failed, will retry', { error: error.message })),
        );
        await this.relaying;
        this.relaying = undefined;
        if (delayMs === 0 || this.timers.size === 0) this.loop(this.options.relayIdleMs);
      }),
      delayMs,
    );
    this.timers.add(timer);
  }

  private async relay(center: BusCenter, outbox: OutboxTable): Promise<number> {
    // A handle of its own so the relay's polling is not counted as the center's work.
    const db = this.database.forCenter(`${center.name}:relay`);
    const unpublished = (handle: Db) => handle.select().from(outbox).where(isNull(outbox.publishedAt)).orderBy(asc(outbox.id)).limit(200);
    // Queues are created (DDL, one process at a time) before the transaction that sends into them.
    const peeked = await unpublished(db);
    if (!peeked.length) return 0;
    for (const row of peeked) for (const { queue } of this.deliveries(center, row)) await this.ensureQueue(queue, 10);
    // Each row is sent and marked in one transaction, the jobs inserted through it: a row is published
    // exactly once, whichever replica's relay takes it (the others skip the locked rows), and a crash
    // before the commit sends nothing.
    const sent = await db.transaction(async (tx) => {
      const rows = await unpublished(tx).for('update', { skipLocked: true });
      const jobs = { db: jobsThrough(tx) };
      const published: string[] = [];
      const queues = new Set<string>();
      for (const row of rows) {
        const deliveries = this.deliveries(center, row);
        // A queue another process has not made yet: the row waits for the next pass.
        if (deliveries.some((d) => !this.queues.has(d.queue))) continue;
        for (const { queue, data, options } of deliveries) {
          await this.boss.send(queue, data, { ...options, ...jobs });
          queues.add(queue);
        }
        published.push(row.id);
      }
      if (published.length) await tx.update(outbox).set({ publishedAt: new Date() }).where(inArray(outbox.id, published));
      return { count: published.length, queues };
    });
    for (const queue of sent.queues) {
      const worker = this.workers.get(queue);
      if (worker) this.boss.notifyWorker(worker);
    }
    return sent.count;
  }

  /** Where one outbox row goes: an event to each subscriber's queue, a job to its center's queue. */
  private deliveries(center: BusCenter, row: OutboxRow): { queue: string; data: object; options: PgBoss.SendOptions }[] {
    const { [AS_OF_KEY]: asOf, [TRACE_KEY]: traceparent, ...payload } = row.payload as Record<string, unknown>;
    const scoped = typeof asOf === 'string' ? asOf : undefined;
    const trace = typeof traceparent === 'string' ? traceparent : undefined;
    if (row.kind === 'event') {
      const topic = row.topic as Topic;
      const envelope: EventEnvelope = {
        id: row.id,
        topic,
        producer: center.name,
        occurredAt: row.createdAt.toISOString(),
        payload: payload as never,
        ...(scoped ? { asOf: scoped } : {}),
        ...(trace ? { trace } : {}),
      };
      return (SUBSCRIBERS[topic] ?? []).map((subscriber) => ({ queue: eventQueue(subscriber, topic), data: envelope, options: {} }));
    }
    const startAfter = scoped && row.startAfter ? keptDelay(new Date(scoped), row.startAfter) : row.startAfter;
    const expireInSeconds = center.jobs?.[row.topic]?.expireInSeconds;
    // A scoped job runs as at its own start (or as at when it was scheduled).
    const data = {
      ...payload,
      ...(scoped ? { [AS_OF_KEY]: (row.startAfter ?? new Date(scoped)).toISOString() } : {}),
      ...(trace ? { [TRACE_KEY]: trace } : {}),
    };
    return [
      {
        queue: jobQueue(center.name, row.topic),
        data,
        options: {
          ...(startAfter ? { startAfter } : {}),
          ...(row.singletonKey ? { singletonKey: row.singletonKey } : {}),
          ...(expireInSeconds ? { expireInSeconds } : {}),
        },
      },
    ];
  }

  private async registerWorkers(): Promise<void> {
    for (const center of this.centers) {
      // Handlers and jobs get a handle of their own, like the relay: the statements they send are
      // counted under `<center>:work`, apart from the requests' (a job firing mid-measurement is no request's cost).
      const db = this.database.forCenter(`${center.name}:work`);
      for (const [topic, handler] of Object.entries(center.handlers ?? {}) as [Topic, EventHandler<Topic>][]) {
        if (!center.inbox) throw new Error(`${center.name} handles ${topic} but declares no processed_events table`);
        const inbox = center.inbox;
        await this.work(eventQueue(center.name, topic), 10, async (data) => {
          const event = data as EventEnvelope;
          await consuming(center.name, `event ${topic}`, event.id, event.trace, () =>
            db.transaction(async (tx) => {
              const fresh = await tx.insert(inbox).values({ eventId: event.id, handler: topic }).onConflictDoNothing().returning();
              if (!fresh.length) return;
              await asOfScope(event.asOf, () => handler(this.context(center, tx), event));
            }),
          );
        });
      }
      for (const [name, job] of Object.entries(center.jobs ?? {})) {
        const queue = jobQueue(center.name, name);
        await this.work(queue, job.retryLimit ?? 5, async (data, jobId) => {
          const { [AS_OF_KEY]: asOf, [TRACE_KEY]: traceparent, ...rest } = data as Record<string, unknown>;
          if (job.cron && timeTravelling()) return log.info('sweep skipped while demo data dated in the past goes in', { queue });
          const trace = typeof traceparent === 'string' ? traceparent : undefined;
          return consuming(center.name, `job ${name}`, jobId, trace, () => asOfScope(asOf, () => job.handler(this.context(center, db), rest)));
        });
        if (job.cron) await this.boss.schedule(queue, job.cron, {}, { tz: 'UTC' });
      }
    }
  }

  private async ensureQueue(queue: string, retryLimit: number): Promise<void> {
    if (this.queues.has(queue)) return;
    const create = () => this.boss.createQueue(queue, { name: queue, retryLimit, retryDelay: 1, retryBackoff: true });
    if (this.database.driver === 'postgres') {
      // pg-boss creates a queue with DDL (a partition table and its foreign keys): fifteen processes
      // starting together (cluster mode) deadlocked on its catalog locks often enough that five
      // retries ran out (CI, stop 28). One lock across processes makes them create queues in turn.
      // A job sent meanwhile still takes locks on the tables the DDL alters, so a deadlock stays
      // possible, rarely: PostgreSQL aborts one side, which tries again.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.database.forCenter('events').transaction(async (tx) => {
            await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhongtai:pgboss:create_queue'))`);
            await create();
          });
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '40P01' || attempt >= 8) throw error;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
        }
      }
    } else {
      await create();
    }
    this.queues.add(queue);
  }

  private async work(queue: string, retryLimit: number, run: (data: unknown, jobId: string) => Promise<void>): Promise<void> {
    await this.ensureQueue(queue, retryLimit);
    const id = await this.boss.work(queue, { batchSize: 5, pollingIntervalSeconds: this.options.pollSeconds }, async (jobs) => {
      // Each job is completed or failed on its own (pg-boss would retry a whole batch for one
      // failure: the jobs before it ran twice), and a stopping bus starts no further job.
      for (const [index, job] of jobs.entries()) {
        if (this.stopped)
          return this.giveBack(
            queue,
            jobs.slice(index).map((j) => j.id),
          );
        try {
          await run(job.data, job.id);
        } catch (error) {
          // Without this line a handler that keeps failing is silent.
          log.error('job failed; pg-boss retries it', { queue, jobId: job.id, retryLimit, error });
          await this.boss.fail(queue, job.id, { message: (error as Error).message });
          continue;
        }
        await this.boss.complete(queue, job.id);
      }
    });
    this.workers.set(queue, id);
  }

  /** Jobs fetched but not started when the bus stops go back to the queue as they were, for another process. */
  private async giveBack(queue: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.boss
      .getDb()
      .executeSql(`update pgboss.job set state = 'created', started_on = null where name = $1 and id = any($2::uuid[]) and state = 'active'`, [queue, ids]);
    log.info('stopping: jobs not started given back', { queue, jobs: ids.length });
  }

  private context(center: BusCenter, db: Db): RequestContext {
    return createRequestContext({
      center: center.name,
      claims: systemClaims(center.name),
      db,
      services: center.services,
      events: center.events,
      now: center.clock,
    });
  }
}

/**
 * Runs one event or job in a consumer span (continuing the trace of the request that published
 * it, when it carries one) and a log scope naming the center, the event or job and its id.
 */
function consuming<T>(center: string, operation: string, id: string, traceparent: string | undefined, fn: () => Promise<T>): Promise<T> {
  return inSpan(`${center} ${operation}`, { kind: SpanKind.CONSUMER, center, parent: contextFrom(traceparent, 'root') }, (span) =>
    withRequestScope({ center, requestId: id, operation, role: 'SERVICE', traceId: span?.spanContext().traceId ?? traceIdOf(traceparent) }, fn),
  );
}

/** Runs `fn` as at `asOf` when the work was published inside `withTimeAt`; as it is otherwise. */
function asOfScope<T>(asOf: unknown, fn: () => Promise<T>): Promise<T> {
  return typeof asOf === 'string' ? withTimeAt(new Date(asOf), fn) : fn();
}

/**
 * A job scheduled as at a past time keeps its delay in real time: run at once, an unpaid-order
 * timeout of an order placed "60 days ago" would race the seeder that is about to pay it.
 */
function keptDelay(scheduledAt: Date, startAfter: Date): Date {
  return new Date(Date.now() + Math.max(0, startAfter.getTime() - scheduledAt.getTime()));
}

function checkSubscriptions(centers: BusCenter[]): void {
  for (const center of centers) {
    for (const topic of Object.keys(center.handlers ?? {}) as Topic[]) {
      if (!SUBSCRIBERS[topic]?.includes(center.name)) throw new Error(`${center.name} handles ${topic}: add it to SUBSCRIBERS in the kit's event catalog`);
    }
    for (const [topic, subscribers] of Object.entries(SUBSCRIBERS) as [Topic, readonly string[]][]) {
      if (subscribers.includes(center.name) && !center.handlers?.[topic])
        throw new Error(`${center.name} is listed as a subscriber of ${topic} but has no handler for it`);
    }
  }
}
