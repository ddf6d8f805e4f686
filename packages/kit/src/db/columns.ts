import { sql } from 'drizzle-orm';
import { timestamp, varchar } from 'drizzle-orm/pg-core';
import { scopedTime } from '../timeScope.ts';

/**
 * Timestamps with millisecond precision: a JS Date holds exactly what PostgreSQL stores, so a
 * keyset cursor built from a Date compares equal to the row it came from.
 */
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/**
 * The database's now() when a row is inserted, or the as-of time inside `withTimeAt` (demo data
 * dated in the past). Outside a scope the insert says `default`, exactly what omitting it says.
 */
export const insertedAt = () => scopedTime() ?? sql`default`;

/** A `created_at`-style column: now() by default, the scoped time inside `withTimeAt`. */
export const createdAtColumn = (name = 'created_at') => timestampColumn(name).notNull().defaultNow().$defaultFn(insertedAt);

export const timestamps = () => ({
  createdAt: createdAtColumn('created_at'),
  updatedAt: createdAtColumn('updated_at'),
});

/** Opaque entity id, e.g. `sku_01JD...`. */
export const idColumn = (name = 'id') => varchar(name, { length: 40 });
