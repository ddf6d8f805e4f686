import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { createRequestContext, EventPublisher, outboxTable, ServiceClient, timestamps, withTimeAt, type Db } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from '../src/testing.ts';
import { pgSchema } from 'drizzle-orm/pg-core';

const notes = pgTable('kit_dated_notes', { id: text('id').primaryKey(), ...timestamps() });
const outbox = outboxTable(pgSchema('kit_dated'));

const SIXTY_DAYS_AGO = new Date('2025-03-01T02:30:00.000Z');

let testDb: TestDatabase;
let db: Db;
beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.database.forCenter('kit');
  await db.execute(
    sql`create table kit_dated_notes (id text primary key, created_at timestamptz(3) not null default now(), updated_at timestamptz(3) not null default now())`,
  );
  await db.execute(sql`create schema kit_dated`);
  await db.execute(
    sql`create table kit_dated.outbox (id varchar(40) primary key, kind varchar(10) not null, topic varchar(100) not null, payload jsonb not null, start_after timestamptz(3), singleton_key text, created_at timestamptz(3) not null default now(), published_at timestamptz(3))`,
  );
});
afterAll(async () => {
  await testDb?.drop();
});

const context = () =>
  createRequestContext({
    center: 'kit',
    claims: null,
    db,
    services: new ServiceClient({ caller: 'kit', tokens: null as never, local: new Map(), urlsFor: () => [], timeoutMs: 1 }),
    events: new EventPublisher('kit', outbox),
  });

describe('as-of time scope (withTimeAt)', () => {
  it('inside a scope, ctx.now() and an inserted row’s createdAt/updatedAt are the scoped time', async () => {
    const [row, now] = await withTimeAt(SIXTY_DAYS_AGO, async () => {
      const ctx = context();
      await Promise.resolve();
      const [inserted] = await ctx.db.insert(notes).values({ id: 'in-scope' }).returning();
      return [inserted!, ctx.now()] as const;
    });
    expect(now.toISOString()).toBe(SIXTY_DAYS_AGO.toISOString());
    expect(row.createdAt.toISOString()).toBe(SIXTY_DAYS_AGO.toISOString());
    expect(row.updatedAt.toISOString()).toBe(SIXTY_DAYS_AGO.toISOString());
  });

  it('outside a scope, both are real time (the database’s now() for the row)', async () => {
    const before = Date.now();
    const ctx = context();
    const now = ctx.now().getTime();
    await ctx.db.insert(notes).values({ id: 'no-scope' });
    const [row] = await db.select().from(notes).where(eq(notes.id, 'no-scope'));
    const after = Date.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
    // A day's slack: the database's clock, not ours, stamps it; what matters is "not the scoped past".
    expect(Math.abs(row!.createdAt.getTime() - now)).toBeLessThan(86_400_000);
  });

  it('an event and a job published in a scope are dated and marked with the scoped time; unmarked outside', async () => {
    await withTimeAt(SIXTY_DAYS_AGO, async () => {
      const ctx = context();
      await ctx.events.publish(ctx.db, 'OrderCancelled' as never, { orderId: 'ord_x' } as never);
      await ctx.events.schedule(ctx.db, 'closeUnpaid', { orderId: 'ord_x' }, { startAfter: new Date(SIXTY_DAYS_AGO.getTime() + 1_800_000) });
    });
    const ctx = context();
    await ctx.events.publish(ctx.db, 'OrderCancelled' as never, { orderId: 'ord_y' } as never);
    const rows = await db.select().from(outbox).orderBy(outbox.id);
    expect(rows.map((r) => [r.kind, r.payload, r.createdAt.toISOString() === SIXTY_DAYS_AGO.toISOString()])).toEqual([
      ['event', { orderId: 'ord_x', __asOf: SIXTY_DAYS_AGO.toISOString() }, true],
      ['job', { orderId: 'ord_x', __asOf: SIXTY_DAYS_AGO.toISOString() }, true],
      ['event', { orderId: 'ord_y' }, false],
    ]);
  });
});
