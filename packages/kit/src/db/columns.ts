import { timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Timestamps with millisecond precision: a JS Date holds exactly what PostgreSQL stores, so a
 * keyset cursor built from a Date compares equal to the row it came from.
 */
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const timestamps = () => ({
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
  updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
});

/** Opaque entity id, e.g. `sku_01JD...`. */
export const idColumn = (name = 'id') => varchar(name, { length: 40 });
