import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { membersService, newId } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN as ADMIN, type TestWorld } from '@zhongtai/kit/testing';
import { membersCenter } from '../src/index.ts';
import { pointsShortfalls } from '../src/db/tables.ts';
import { registerMember } from '../src/domain/members.ts';
import { pointsLedger } from './pointsLedger.ts';

let world: TestWorld;
beforeAll(async () => {
  world = await openTestWorld({ centers: [membersCenter] });
}, 180_000);
afterAll(async () => {
  await world?.close();
});

const db = () => world.host.database.forCenter('members');
const client = () => world.host.serviceClient('orders');
const { balance, ledgerSum } = pointsLedger(db);

describe('after-sale points reversal', () => {
  it('takes back the refund share of earned points, never below zero (the shortfall recorded), returns spent points, once per request', async () => {
    const registered = await registerMember(await world.as(ADMIN), { name: '退款 Refund', phone: '13799990001' });
    if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
    const memberId = registered.value.id;
    const orderId = newId('ord');
    await client().call(membersService.earnPoints, { input: { memberId, points: 200, orderId } });
    // The member spends most of it elsewhere: 150 of the 200 are gone.
    await client().call(membersService.spendPoints, { input: { memberId, points: 150, orderId: newId('chk') } });
    const key = newId('asr');
    const reverse = () =>
      client().call(membersService.reverseAfterSalePoints, { input: { key, memberId, orderId, refundedPart: '7500', paidWhole: '10000', returnPoints: 30 } });
    // 75% of 200 earned = 150 to take back; only 50 are left: 50 taken, 100 short; 30 spent points come back.
    expect((await reverse()).reverseAfterSalePoints.points).toEqual({ revoked: 50, shortfall: 100, returned: 30 });
    expect(await balance(memberId)).toBe(30);
    expect((await reverse()).reverseAfterSalePoints.points).toEqual({ revoked: 0, shortfall: 100, returned: 30 });
    expect(await balance(memberId)).toBe(30);
    expect(await ledgerSum(memberId)).toBe(30);
    const [short] = await db().select().from(pointsShortfalls).where(eq(pointsShortfalls.key, key));
    expect(short).toMatchObject({ memberId, orderId, points: 100 });
  });
});
