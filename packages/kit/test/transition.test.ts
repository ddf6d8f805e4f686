import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { recordTransition, type Db } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from '../src/testing.ts';

const things = pgTable('kit_things', {
  id: text('id').primaryKey(),
  status: text('status').notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
const thingChanges = pgTable('kit_thing_changes', {
  id: text('id').primaryKey(),
  thingId: text('thing_id').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  reason: text('reason'),
  actor: text('actor').notNull(),
});
const events = pgTable('kit_thing_events', { id: text('id').primaryKey(), topic: text('topic').notNull() });

let testDb: TestDatabase;
let db: Db;
beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.database.forCenter('kit');
  await db.execute(sql`create table kit_things (id text primary key, status text not null, closed_at timestamptz, updated_at timestamptz not null)`);
  await db.execute(
    sql`create table kit_thing_changes (id text primary key, thing_id text not null, from_status text, to_status text not null, reason text, actor text not null)`,
  );
  await db.execute(sql`create table kit_thing_events (id text primary key, topic text not null)`);
});
afterAll(async () => {
  await testDb?.drop();
});

const history = { table: thingChanges, idPrefix: 'tch', owner: 'thingId' };
const close = (tx: Db, row: { id: string; status: string }, announce?: (tx: Db) => Promise<unknown>) =>
  recordTransition(tx, {
    table: things,
    row,
    to: 'CLOSED',
    set: { closedAt: new Date() },
    reason: 'done',
    actor: 'admin:test',
    history,
    announce: announce && ((tx) => announce(tx)),
  });

describe('recordTransition', () => {
  it('moves the row, writes its history line and its event in one transaction', async () => {
    await db.insert(things).values({ id: 't1', status: 'OPEN', updatedAt: new Date(0) });
    const row = await db.transaction((tx) => close(tx, { id: 't1', status: 'OPEN' }, (tx) => tx.insert(events).values({ id: 'e1', topic: 'ThingClosed' })));
    expect(row).toMatchObject({ id: 't1', status: 'CLOSED' });
    expect(row!.closedAt).toBeInstanceOf(Date);
    expect(row!.updatedAt.getTime()).toBeGreaterThan(0);
    expect(await db.select().from(thingChanges).where(eq(thingChanges.thingId, 't1'))).toMatchObject([
      { fromStatus: 'OPEN', toStatus: 'CLOSED', reason: 'done', actor: 'admin:test' },
    ]);
    expect(await db.select().from(events)).toEqual([{ id: 'e1', topic: 'ThingClosed' }]);
  });

  it('writes nothing when the status changed since the row was read (the loser of a race)', async () => {
    await db.insert(things).values({ id: 't2', status: 'OPEN', updatedAt: new Date(0) });
    expect(await db.transaction((tx) => close(tx, { id: 't2', status: 'OPEN' }))).toBeDefined();
    // A second change that read the row as OPEN too:
    expect(await db.transaction((tx) => close(tx, { id: 't2', status: 'OPEN' }))).toBeUndefined();
    expect(await db.select().from(thingChanges).where(eq(thingChanges.thingId, 't2'))).toHaveLength(1);
  });

  it('leaves no trace when its event cannot be written (all in the caller transaction)', async () => {
    await db.insert(things).values({ id: 't3', status: 'OPEN', updatedAt: new Date(0) });
    const failing = () => Promise.reject(new Error('outbox down'));
    await expect(db.transaction((tx) => close(tx, { id: 't3', status: 'OPEN' }, failing))).rejects.toThrow('outbox down');
    expect((await db.select().from(things).where(eq(things.id, 't3')))[0]!.status).toBe('OPEN');
    expect(await db.select().from(thingChanges).where(eq(thingChanges.thingId, 't3'))).toHaveLength(0);
  });
});
