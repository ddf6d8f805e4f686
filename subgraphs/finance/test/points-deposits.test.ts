import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newId, rowsOf } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { settlementItems } from '../src/db/tables.ts';
import { shopPayable } from '../src/domain/ledger.ts';
import { generateStatement } from '../src/domain/statements.ts';
import { cnyText, completed, deliver, envelope, ledgerInvariants, paidOrder } from './fixtures.ts';
import { eq } from 'drizzle-orm';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
const db = () => world.host.database.forCenter('finance');
/** An account's balance (debits positive), all shops together. */
const balanceOf = async (code: string) =>
  BigInt(
    (await rowsOf<{ total: string }>(await db().execute(sql`select coalesce(sum(amount), 0)::text as total from finance.postings where code = ${code}`)))[0]!
      .total,
  );

type Kind = 'EARN' | 'SPEND' | 'EXPIRE' | 'ADJUST' | 'REFUND' | 'REVOKE' | 'REVIEW';
const pointsChanged = (memberId: string, kind: Kind, points: number, orderId: string | null = null, pointsPerCurrencyUnit = 100) =>
  envelope('PointsChanged', { entryId: newId('pte'), memberId, kind, points, pointsPerCurrencyUnit, orderId, at: new Date().toISOString() });

describe('points (积分) and presale deposits kept (定金不退)', () => {
  it("the points liability is the value of the members' outstanding points after each earn, spend, completion, reversal and expiry; a redelivery posts nothing", async () => {
    const memberId = newId('mbr');
    const shopId = newId('shp');
    let outstanding = 0; // what members would say the member has
    const step = async (event: ReturnType<typeof pointsChanged>) => {
      await deliver(world, event);
      await deliver(world, event);
      outstanding += event.payload.points;
      // 100 points per yuan: one point is worth one fen.
      expect(await balanceOf('POINTS_LIABILITY')).toBe(-BigInt(outstanding));
    };
    await step(pointsChanged(memberId, 'EARN', 5_000, newId('ord')));
    await step(pointsChanged(memberId, 'REVIEW', 10, newId('rev')));
    // Spent at checkout: out of the liability, waiting for the order to complete.
    const order = paidOrder({ shopId, lines: [{ finalAmount: 8_000n, points: 2_000n }] });
    await step(pointsChanged(memberId, 'SPEND', -2_000, order.checkoutId));
    expect(await balanceOf('POINTS_REDEEMED')).toBe(-2_000n);
    await deliver(world, order.payment);
    await deliver(world, order.paid);
    await deliver(world, completed(order, shopId, order.payable));
    // Completed: the shop is paid the points' value; nothing waits any more.
    expect(await balanceOf('POINTS_REDEEMED')).toBe(0n);
    expect(await balanceOf('POINTS_LIABILITY')).toBe(-BigInt(outstanding));
    // An after-sale refund takes back earned points and gives back spent ones; the rest expires; an operator adjusts.
    await step(pointsChanged(memberId, 'REVOKE', -1_000, `afs_${newId('x')}`));
    await step(pointsChanged(memberId, 'REFUND', 300, `afs_${newId('x')}`));
    await step(pointsChanged(memberId, 'EXPIRE', -1_500));
    await step(pointsChanged(memberId, 'ADJUST', 7));
    // The cost of the loyalty programme: granted, less what expired or was taken back.
    expect(await balanceOf('POINTS_EXPENSE')).toBe(5_000n + 10n - 1_000n - 1_500n + 7n);
    const { unbalanced, perCurrency } = await ledgerInvariants(world);
    expect(unbalanced).toEqual([]);
    expect(perCurrency.every((r) => r.total === '0')).toBe(true);
  });

  it('a presale deposit kept when the balance is never paid becomes the shop’s revenue less commission, on its next statement at once; once per order', async () => {
    const shopId = newId('shp');
    const checkoutId = newId('chk');
    const orderId = newId('ord');
    const heldBefore = await balanceOf('DEPOSITS_HELD');
    await deliver(
      world,
      envelope('PaymentSucceeded', {
        paymentId: newId('pay'),
        orderId: checkoutId,
        purpose: 'DEPOSIT',
        memberId: 'mbr_test',
        amount: cnyText(3_000n),
        currencyCode: 'CNY',
        paidAt: new Date().toISOString(),
      }),
    );
    expect(await balanceOf('DEPOSITS_HELD')).toBe(heldBefore - 3_000n);
    const closed = envelope('OrderCancelled', {
      orderId,
      parentOrderId: checkoutId,
      shopId,
      memberId: 'mbr_test',
      at: new Date(Date.now() - 1000).toISOString(),
      status: 'CLOSED',
      reason: 'presale balance not paid in its window',
      wasPaid: true,
      depositKept: { amount: cnyText(3_000n), currencyCode: 'CNY' },
    });
    await deliver(world, closed);
    await deliver(world, closed);
    expect(await balanceOf('DEPOSITS_HELD')).toBe(heldBefore);
    const admin = await world.as(TEST_ADMIN);
    // 5 % default commission.
    expect(await shopPayable(admin, shopId, 'CNY')).toBe(2_850n);
    const items = await db().select().from(settlementItems).where(eq(settlementItems.orderId, orderId));
    expect(items).toMatchObject([{ kind: 'ORDER', gross: 3_000n, commission: 150n, net: 2_850n }]);
    const statement = await generateStatement(admin, { shopId, currencyCode: 'CNY', period: 'DAILY', periodEnd: new Date() }, async () => new Set());
    expect(statement.ok && statement.value?.amountDue).toBe(2_850n);
    // A cancelled order that kept no deposit posts nothing.
    await deliver(world, envelope('OrderCancelled', { ...closed.payload, orderId: newId('ord'), depositKept: null }));
    expect(await balanceOf('DEPOSITS_HELD')).toBe(heldBefore);
    expect((await ledgerInvariants(world)).unbalanced).toEqual([]);
  });
});
