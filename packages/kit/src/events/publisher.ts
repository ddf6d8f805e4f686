import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { EventCatalog, Topic } from './catalog.ts';
import type { OutboxTable } from './tables.ts';
import { scopedTime } from '../timeScope.ts';
import { currentTraceparent, tracingOn } from '../telemetry/spans.ts';

/**
 * The payload key that marks an outbox row written inside `withTimeAt` (its created_at is then the
 * scoped time). The relay takes it out again; no handler or job ever sees it.
 */
export const AS_OF_KEY = '__asOf';

/**
 * The payload key that carries the publishing request's W3C `traceparent` (only while tracing is
 * on): the relay moves it into the envelope (`trace`) or keeps it beside a job's data, and the
 * bus starts the consumer's span under it. No handler or job sees it either.
 */
export const TRACE_KEY = '__trace';

function marked<P extends object>(payload: P): P {
  const at = scopedTime();
  const traceparent = tracingOn() ? currentTraceparent() : undefined;
  if (!at && !traceparent) return payload;
  return { ...payload, ...(at ? { [AS_OF_KEY]: at.toISOString() } : {}), ...(traceparent ? { [TRACE_KEY]: traceparent } : {}) };
}

export interface ScheduleOptions {
  /** Not before this time (delayed jobs: close an unpaid order in 30 minutes). */
  startAfter?: Date;
  /** At most one queued job per key (e.g. one expiry job per reservation). */
  singletonKey?: string;
}

/**
 * Writes events and jobs into the center's outbox through the caller's transaction: they exist
 * if and only if the change that caused them commits.
 */
export class EventPublisher {
  constructor(
    private readonly center: string,
    private readonly outbox: OutboxTable | undefined,
    private readonly onWrite: () => void = () => {},
  ) {}

  async publish<T extends Topic>(tx: Db, topic: T, payload: EventCatalog[T]): Promise<string> {
    const id = newId('evt');
    await tx.insert(this.table()).values({ id, kind: 'event', topic, payload: marked(payload) });
    this.onWrite();
    return id;
  }

  async schedule(tx: Db, job: string, data: Record<string, unknown>, options: ScheduleOptions = {}): Promise<string> {
    const id = newId('evt');
    await tx
      .insert(this.table())
      .values({ id, kind: 'job', topic: job, payload: marked(data), startAfter: options.startAfter ?? null, singletonKey: options.singletonKey ?? null });
    this.onWrite();
    return id;
  }

  private table(): OutboxTable {
    if (!this.outbox) throw new Error(`${this.center} declares no outbox table: add outboxTable(schema) to its tables and its definition`);
    return this.outbox;
  }
}
