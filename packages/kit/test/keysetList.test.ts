import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { QueryCounter, listTable, listTableByGroup, type Db } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from '../src/testing.ts';

const items = pgTable('kit_list_items', {
  id: text('id').primaryKey(),
  shopId: text('shop_id').notNull(),
  name: text('name').notNull(),
  rank: integer('rank').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

const counter = new QueryCounter();
let testDb: TestDatabase;
let db: Db;
beforeAll(async () => {
  testDb = await openTestDatabase({ counter });
  db = testDb.database.forCenter('kit');
  await db.execute(
    sql`create table kit_list_items (id text primary key, shop_id text not null, name text not null, rank integer not null, created_at timestamptz not null)`,
  );
  // Shop s1 has 5 rows, s2 has 3, s3 none; two rows share a timestamp so the id breaks the tie.
  const base = Date.parse('2026-01-01T00:00:00Z');
  const rows = [
    ...Array.from({ length: 5 }, (_, i) => ({ id: `it_1${i}`, shopId: 's1', name: `一 ${i}`, rank: i, createdAt: new Date(base + Math.min(i, 3) * 1000) })),
    ...Array.from({ length: 3 }, (_, i) => ({ id: `it_2${i}`, shopId: 's2', name: `二 ${i}`, rank: 10 + i, createdAt: new Date(base + i * 1000) })),
  ];
  await db.insert(items).values(rows);
});
afterAll(async () => {
  await testDb?.drop();
});

const ids = (c: { nodes: { id: string }[] }) => c.nodes.map((n) => n.id);

describe('listTable', () => {
  it('walks a table forwards and backwards by keyset, ties broken by id', async () => {
    const where = eq(items.shopId, 's1');
    const sort = { column: items.createdAt, direction: 'ASC' as const };
    const first = await listTable(db, items, { first: 2 }, { where, sort });
    expect(ids(first)).toEqual(['it_10', 'it_11']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await listTable(db, items, { first: 2, after: first.pageInfo.endCursor }, { where, sort });
    expect(ids(second)).toEqual(['it_12', 'it_13']);
    const third = await listTable(db, items, { first: 2, after: second.pageInfo.endCursor }, { where, sort });
    expect(ids(third)).toEqual(['it_14']);
    expect(third.pageInfo.hasNextPage).toBe(false);
    const back = await listTable(db, items, { last: 2, before: third.pageInfo.startCursor }, { where, sort });
    expect(ids(back)).toEqual(['it_12', 'it_13']);
    const byRankDesc = await listTable(db, items, { first: 3 }, { sort: { column: items.rank, direction: 'DESC' } });
    expect(ids(byRankDesc)).toEqual(['it_22', 'it_21', 'it_20']);
  });

  it('counts only when totalCount is asked for: one statement for a page, two with the count', async () => {
    counter.reset();
    const page = await listTable(db, items, { first: 2 }, { where: eq(items.shopId, 's1'), sort: { column: items.name, direction: 'ASC' } });
    expect(counter.count('kit')).toBe(1);
    expect(await page.totalCount()).toBe(5);
    expect(await page.totalCount()).toBe(5);
    expect(counter.count('kit')).toBe(2);
  });
});

describe('listTableByGroup', () => {
  it('gives each group the page listTable gives it, in one statement (and one for all counts)', async () => {
    const sort = { column: items.createdAt, direction: 'DESC' as const };
    const args = { first: 2 };
    counter.reset();
    const [s1, s2, s3] = await listTableByGroup(db, items, ['s1', 's2', 's3'], args, { groupBy: items.shopId, sort });
    expect(counter.count('kit')).toBe(1);
    expect(await Promise.all([s1!.totalCount(), s2!.totalCount(), s3!.totalCount()])).toEqual([5, 3, 0]);
    expect(counter.count('kit')).toBe(2);
    for (const [shop, grouped] of [
      ['s1', s1!],
      ['s2', s2!],
      ['s3', s3!],
    ] as const) {
      const alone = await listTable(db, items, args, { where: eq(items.shopId, shop), sort });
      expect(ids(grouped)).toEqual(ids(alone));
      expect(grouped.pageInfo).toEqual(alone.pageInfo);
    }
    // A cursor narrows every group the same way one group's list is narrowed.
    const next = await listTableByGroup(db, items, ['s1'], { first: 2, after: s1!.pageInfo.endCursor }, { groupBy: items.shopId, sort });
    expect(ids(next[0]!)).toEqual(ids(await listTable(db, items, { first: 2, after: s1!.pageInfo.endCursor }, { where: eq(items.shopId, 's1'), sort })));
  });
});
