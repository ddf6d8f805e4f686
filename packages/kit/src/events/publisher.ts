import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { EventCatalog, Topic } from './catalog.ts';
import type { OutboxTable } from './tables.ts';
import { scopedTime } from '../timeScope.ts';

/**
 * The payload key that marks an outbox row written inside `withTimeAt` (its created_at is then the
 * scoped time). The relay takes it out again; no handler or job ever sees it.
 */
export const AS_OF_KEY = '__asOf';

function marked<P extends object>(payload: P): P {
  const at = scopedTime();
  return at ? { ...payload, [AS_OF_KEY]: at.toISOString() } : payload;
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
