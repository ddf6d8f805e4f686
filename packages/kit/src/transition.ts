import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db/database.ts';
import { newId } from './ids.ts';

/** A table of things with a status: `id`, `status` and `updatedAt` columns. */
export type StatusTable = PgTable & { id: PgColumn; status: PgColumn; updatedAt: PgColumn };

/** A history of status changes: who moved what from which status to which, and why. */
export type StatusHistoryTable = PgTable & { id: PgColumn; fromStatus: PgColumn; toStatus: PgColumn; reason: PgColumn; actor: PgColumn };

export interface RecordedTransition<T extends StatusTable> {
  table: T;
  /** The row as it was read: the update applies only while its status is still this one. */
  row: { id: string; status: string };
  to: string;
  /** Other columns to set with the status (e.g. the timestamp of the new status). */
  set?: Partial<T['$inferInsert']>;
  reason: string | null;
  /** Who made the change: the caller's token subject, or `system` for a job. */
  actor: string;
  history: {
    table: StatusHistoryTable;
    /** Prefix of the history row's id. */
    idPrefix: string;
    /** The history row's property that names the changed row (e.g. `shopId`). */
    owner: string;
  };
  /** Writes the change's events into the outbox (ctx.events.publish with this `tx`). */
  announce?: (tx: Db, row: T['$inferSelect']) => Promise<unknown>;
}

/**
 * Moves a row to another status inside the caller's transaction `tx`: the update is guarded on
 * the status the row was read with, so of two racing changes one applies and the other finds
 * nothing; the change that applies writes its history row and its events in the same
 * transaction. Returns the updated row, or undefined when the status changed meanwhile (then
 * nothing is written).
 */
export async function recordTransition<T extends StatusTable>(tx: Db, change: RecordedTransition<T>): Promise<T['$inferSelect'] | undefined> {
  const table = change.table as StatusTable;
  const [row] = await tx
    .update(table)
    .set({ status: change.to, updatedAt: new Date(), ...change.set })
    .where(and(eq(table.id, change.row.id), eq(table.status, change.row.status)))
    .returning();
  if (!row) return undefined;
  const { history } = change;
  await tx.insert(history.table as StatusHistoryTable).values({
    id: newId(history.idPrefix),
    [history.owner]: change.row.id,
    fromStatus: change.row.status,
    toStatus: change.to,
    reason: change.reason,
    actor: change.actor,
  });
  await change.announce?.(tx, row as T['$inferSelect']);
  return row as T['$inferSelect'];
}
