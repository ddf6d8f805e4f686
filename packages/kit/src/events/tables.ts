import { sql } from 'drizzle-orm';
import { index, jsonb, primaryKey, text, varchar, type PgSchema } from 'drizzle-orm/pg-core';
import { createdAtColumn, timestampColumn } from '../db/columns.ts';

/**
 * The transactional outbox: a center writes its events and delayed jobs here in the same
 * transaction as the change they describe; the relay hands them to the queue afterwards.
 * Each center declares both tables in its own schema (`outboxTable(mySchema)`).
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: varchar('id', { length: 40 }).primaryKey(),
      /** `event` fans out to subscribers; `job` goes to this center's own job queue. */
      kind: varchar('kind', { length: 10 }).$type<'event' | 'job'>().notNull(),
      topic: varchar('topic', { length: 100 }).notNull(),
      payload: jsonb('payload').notNull(),
      startAfter: timestampColumn('start_after'),
      singletonKey: text('singleton_key'),
      createdAt: createdAtColumn('created_at'),
      publishedAt: timestampColumn('published_at'),
    },
    (t) => [
      index('outbox_unpublished_idx')
        .on(t.id)
        .where(sql`published_at is null`),
    ],
  );
}

/** Events a center has handled, so a redelivered event has no second effect. */
export function processedEventsTable(schema: PgSchema) {
  return schema.table(
    'processed_events',
    {
      eventId: varchar('event_id', { length: 40 }).notNull(),
      handler: varchar('handler', { length: 100 }).notNull(),
      processedAt: createdAtColumn('processed_at'),
    },
    (t) => [primaryKey({ columns: [t.eventId, t.handler] })],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;
export type ProcessedEventsTable = ReturnType<typeof processedEventsTable>;
