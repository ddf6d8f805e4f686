import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import type { Db } from '../src/db/database.ts';
import { claimIdempotencyKey, requestFingerprint } from '../src/idempotency.ts';
import { openTestDatabase, type TestDatabase } from '../src/testing.ts';

describe('requestFingerprint', () => {
  it('is the same for the same request whatever the key order, and differs for other input', () => {
    const a = requestFingerprint({ orderId: 'o1', amount: 100n, lines: [{ id: 'l1', n: 1 }] });
    expect(requestFingerprint({ lines: [{ n: 1, id: 'l1' }], amount: 100n, orderId: 'o1' })).toBe(a);
    expect(requestFingerprint({ orderId: 'o1', amount: 101n, lines: [{ id: 'l1', n: 1 }] })).not.toBe(a);
    expect(requestFingerprint({ orderId: 'o1', amount: 100n, lines: [{ id: 'l1', n: 1 }], extra: undefined })).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('claimIdempotencyKey', () => {
  const keys = pgTable('kit_keys', { key: text('key').primaryKey(), fingerprint: text('fingerprint').notNull(), holder: text('holder').notNull() });
  let testDb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    testDb = await openTestDatabase();
    db = testDb.database.forCenter('kit');
    await db.execute(sql`create table kit_keys (key text constraint kit_keys_key primary key, fingerprint text not null, holder text not null)`);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const claim = (key: string, fingerprint: string, holder: string, more: { lookFirst?: boolean; lost?: () => Promise<void> } = {}) =>
    claimIdempotencyKey({
      constraint: 'kit_keys_key',
      take: async () => (await db.insert(keys).values({ key, fingerprint, holder }).returning())[0]!.holder,
      holder: async () => (await db.select().from(keys).where(eq(keys.key, key)))[0],
      sameRequest: (row) => row.fingerprint === fingerprint,
      ...more,
    });

  it('of ten concurrent requests with one key, one takes it and nine are told it is a repeat', async () => {
    const lost = vi.fn(async () => {});
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claim('k1', 'same', `r${i}`, { lost })));
    const taken = results.filter((r) => r.kind === 'taken');
    expect(taken).toHaveLength(1);
    const winner = (taken[0] as { value: string }).value;
    for (const r of results.filter((r) => r.kind !== 'taken')) expect(r).toMatchObject({ kind: 'repeat', holder: { holder: winner } });
    expect(lost).toHaveBeenCalledTimes(9);
    expect(await db.select().from(keys).where(eq(keys.key, 'k1'))).toHaveLength(1);
  });

  it('refuses the key for a different request, and looks first when asked (then takes nothing)', async () => {
    expect(await claim('k2', 'a', 'first')).toMatchObject({ kind: 'taken', value: 'first' });
    expect(await claim('k2', 'b', 'second')).toMatchObject({ kind: 'reused', holder: { holder: 'first' } });
    expect(await claim('k2', 'a', 'third', { lookFirst: true })).toMatchObject({ kind: 'repeat', holder: { holder: 'first' } });
  });

  it('takes the key again when its holder gave it up between the clash and the read', async () => {
    await db.insert(keys).values({ key: 'k3', fingerprint: 'x', holder: 'gone' });
    let reads = 0;
    const result = await claimIdempotencyKey({
      constraint: 'kit_keys_key',
      take: async () => (await db.insert(keys).values({ key: 'k3', fingerprint: 'y', holder: 'retaken' }).returning())[0]!.holder,
      holder: async () => {
        if (reads++ === 0) {
          await db.delete(keys).where(eq(keys.key, 'k3')); // the holder gives up just now
          return undefined;
        }
        return (await db.select().from(keys).where(eq(keys.key, 'k3')))[0];
      },
      sameRequest: (row) => row.fingerprint === 'y',
    });
    expect(result).toEqual({ kind: 'taken', value: 'retaken' });
  });
});
