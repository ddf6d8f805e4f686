import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { membersService, newId, Prng } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN as ADMIN, testMerchant, type TestWorld } from '@zhongtai/kit/testing';
import { membersCenter } from '../src/index.ts';
import { members, pointsEntries } from '../src/db/tables.ts';
import { addAddress, addressesOf } from '../src/domain/addresses.ts';
import { createMemberLevel } from '../src/domain/levels.ts';
import { listMembers, me, registerMember, resolveMemberReference } from '../src/domain/members.ts';
import { adjustPoints, expireDuePoints } from '../src/domain/points.ts';
import { memberQuote } from '../src/domain/queries.ts';
import { pointsLedger } from './pointsLedger.ts';

let world: TestWorld;
beforeAll(async () => {
  world = await openTestWorld({ centers: [membersCenter] });
}, 180_000);
afterAll(async () => {
  await world?.close();
});

const as: TestWorld['as'] = (token) => world.as(token);
const db = () => world.host.database.forCenter('members');
const client = () => world.host.serviceClient('orders');
let phone = 0;
async function member(name = '张三 Zhang San') {
  const result = await registerMember(await as(ADMIN), { name, phone: `1370000${String(++phone).padStart(4, '0')}` });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.id;
}
const { balance, ledgerSum, lotsLeft } = pointsLedger(db);

describe('accounts, addresses and who sees what', () => {
  it('a phone is registered once; a customer sees only itself; merchants see a masked phone', async () => {
    const id = await member();
    const taken = await registerMember(await as(ADMIN), { name: 'x', phone: `1370000${String(phone).padStart(4, '0')}` });
    expect(!taken.ok && taken.errors.map((e) => e.code)).toEqual(['TAKEN']);
    expect((await me(await as({ role: 'CUSTOMER', memberId: id })))!.id).toBe(id);
    const other = await member('Lily Zhang');
    expect(await resolveMemberReference(await as({ role: 'CUSTOMER', memberId: id }), other)).toBeNull();
    expect((await resolveMemberReference(await as(testMerchant(newId('shp'))), other))!.id).toBe(other);
    const listed = await listMembers(await as(ADMIN), { first: 10 }, { keyword: 'lily' });
    expect(listed.nodes.map((m) => m.id)).toEqual([other]);
  });

  it('the first address is the default; a new default replaces it; a customer cannot add to another member', async () => {
    const id = await member();
    const ctx = await as({ role: 'CUSTOMER', memberId: id });
    const home = { province: '广东省', city: '深圳市', district: '南山区', detail: '科苑路 15 号', receiver: '张三', phone: '13800000000' };
    const first = await addAddress(ctx, home);
    const second = await addAddress(await as({ role: 'CUSTOMER', memberId: id }), { ...home, detail: '深南大道 1 号', isDefault: true });
    expect(first.ok && second.ok).toBe(true);
    const all = await addressesOf(await as(ADMIN), id);
    expect(all.map((a) => [a.detail, a.isDefault])).toEqual([
      ['深南大道 1 号', true],
      ['科苑路 15 号', false],
    ]);
    await expect(addAddress(ctx, { ...home, memberId: await member() })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await memberQuote(await as({ role: 'SERVICE' }), id))!.defaultAddress!.detail).toBe('深南大道 1 号');
  });
});

describe('levels and points', () => {
  it('earning goes through the level multiplier and grows the member into the next level', async () => {
    const admin = await as(ADMIN);
    const threshold = 1_000_000 + Math.floor(Math.random() * 1000);
    const level = await createMemberLevel(admin, {
      name: `黄金 Gold ${threshold}`,
      growthThreshold: threshold,
      discountPercent: 5,
      freeShipping: true,
      pointsMultiplierPercent: 150,
    });
    if (!level.ok) throw new Error(JSON.stringify(level.errors));
    const id = await member();
    const earn = (points: number, orderId = newId('ord')) => client().call(membersService.earnPoints, { input: { memberId: id, points, orderId } });
    expect((await earn(threshold)).earnPoints).toEqual({ points: threshold, balance: threshold, userErrors: [] });
    const quote = (await client().call(membersService.memberQuote, { memberId: id })).memberQuote!;
    expect(quote).toMatchObject({ levelId: level.value.id, discountPercent: 5, freeShipping: true, pointsBalance: threshold });
    expect((await earn(100)).earnPoints).toMatchObject({ points: 150, balance: threshold + 150 });
  });

  it('spend and refund are once per order; overspending is refused and writes nothing', async () => {
    const id = await member();
    await adjustPoints(await as(ADMIN), { memberId: id, points: 1000, reason: '补偿 goodwill' });
    const order = newId('ord');
    const spend = (points: number, orderId = order) => client().call(membersService.spendPoints, { input: { memberId: id, points, orderId } });
    expect((await spend(300)).spendPoints).toEqual({ points: 300, balance: 700, userErrors: [] });
    expect((await spend(300)).spendPoints).toEqual({ points: 300, balance: 700, userErrors: [] });
    expect((await spend(701, newId('ord'))).spendPoints.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_POINTS']);
    expect((await client().call(membersService.refundPoints, { input: { orderId: order } })).refundPoints).toEqual({
      points: 300,
      balance: 1000,
      userErrors: [],
    });
    expect((await client().call(membersService.refundPoints, { input: { orderId: order } })).refundPoints).toEqual({
      points: 300,
      balance: 1000,
      userErrors: [],
    });
    expect((await client().call(membersService.refundPoints, { input: { orderId: newId('ord') } })).refundPoints).toEqual({
      points: 0,
      balance: null,
      userErrors: [],
    });
    expect(await ledgerSum(id)).toBe(1000);
  });

  it('the balance equals the ledger sum after a random sequence of earn, spend, adjust and expire', async () => {
    const id = await member();
    const prng = new Prng(42);
    let expected = 0;
    for (let step = 0; step < 60; step++) {
      const action = prng.int(0, 3);
      const points = prng.int(1, 500);
      if (action === 0) {
        const r = (await client().call(membersService.earnPoints, { input: { memberId: id, points, orderId: newId('ord') } })).earnPoints;
        expected += r.points!;
      } else if (action === 1) {
        const r = (await client().call(membersService.spendPoints, { input: { memberId: id, points, orderId: newId('ord') } })).spendPoints;
        if (points <= expected) (expect(r.userErrors).toEqual([]), (expected -= points));
        else expect(r.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_POINTS']);
      } else if (action === 2) {
        const delta = prng.chance(0.5) ? points : -points;
        const r = await adjustPoints(await as(ADMIN), { memberId: id, points: delta, reason: 'random' });
        if (expected + delta >= 0) (expect(r.ok).toBe(true), (expected += delta));
        else expect(r.ok).toBe(false);
      } else {
        // Age one unspent lot past its date, then sweep: exactly its remainder expires.
        const [lot] = await db()
          .select()
          .from(pointsEntries)
          .where(sql`${pointsEntries.memberId} = ${id} and ${pointsEntries.remaining} > 0`)
          .limit(1);
        if (!lot) continue;
        await db()
          .update(pointsEntries)
          .set({ expiresAt: new Date(Date.now() - 1000) })
          .where(eq(pointsEntries.id, lot.id));
        await expireDuePoints(await as({ role: 'SERVICE' }));
        expected -= lot.remaining!;
      }
      expect(await balance(id)).toBe(expected);
    }
    expect(await ledgerSum(id)).toBe(expected);
    expect(await lotsLeft(id)).toBe(expected);
    const kinds = await db().selectDistinct({ kind: pointsEntries.kind }).from(pointsEntries).where(eq(pointsEntries.memberId, id));
    expect(kinds.map((k) => k.kind).sort()).toEqual(['ADJUST', 'EARN', 'EXPIRE', 'SPEND']);
  });

  it('the database refuses a negative balance even if code tried', async () => {
    const id = await member();
    await expect(db().update(members).set({ pointsBalance: -1 }).where(eq(members.id, id))).rejects.toThrow();
  });
});

describe.runIf(process.env.DATABASE_URL)('points under concurrency (PostgreSQL)', () => {
  it('30 concurrent spends of 100 from 1000 points: 10 succeed, the balance is 0 and equals the ledger', async () => {
    const id = await member();
    await adjustPoints(await as(ADMIN), { memberId: id, points: 1000, reason: 'race' });
    const results = await Promise.all(
      Array.from({ length: 30 }, () => client().call(membersService.spendPoints, { input: { memberId: id, points: 100, orderId: newId('ord') } })),
    );
    expect(results.filter((r) => r.spendPoints.userErrors.length === 0)).toHaveLength(10);
    expect(await balance(id)).toBe(0);
    expect(await ledgerSum(id)).toBe(0);
  });
});
