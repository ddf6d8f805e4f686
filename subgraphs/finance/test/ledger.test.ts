import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { newId } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN, testMerchant, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { journalEntries, postings, settlementItems } from '../src/db/tables.ts';
import { postEntry } from '../src/domain/journal.ts';
import { shopPayable, trialBalance } from '../src/domain/ledger.ts';
import { completed, deliver, ledgerInvariants, paidOrder, refunded } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
const db = () => world.host.database.forCenter('finance');
/** What the database said (drizzle wraps it as the cause of its own error). */
const refusal = (pattern: RegExp) => (error: unknown) => pattern.test(String((error as { cause?: Error }).cause?.message ?? (error as Error).message));

describe('the ledger', () => {
  it('posts a payment, a refund before completion, the completion and a refund after it; every entry balances; redelivery posts nothing', async () => {
    const shopId = newId('shp');
    // Line 1: 100.00 paid, 10.00 platform coupon, 5.00 points; line 2: 50.00 paid, 8.00 shop coupon; freight 12.00.
    const order = paidOrder({
      shopId,
      freight: 1200n,
      lines: [
        { finalAmount: 10000n, platformDiscount: 1000n, points: 500n },
        { finalAmount: 5000n, shopDiscount: 800n },
      ],
    });
    const [one, two] = order.lines;
    const before = refunded(order, [{ orderLineId: two!.orderLineId, amount: 2000n }]);
    const done = completed(order, shopId, order.payable - 2000n);
    // After completion: half of line 1 and 2.00 of the freight.
    const after = refunded(order, [{ orderLineId: one!.orderLineId, amount: 5000n }], 200n);
    for (const event of [order.payment, order.paid, before, done, after]) {
      await deliver(world, event);
      await deliver(world, event); // at least once: the second delivery changes nothing
    }
    const entries = await db().select().from(journalEntries);
    // payment, refund (owed, then paid), completion, refund (owed, then paid); the order had no deposit: OrderPaid posts nothing.
    expect(entries.map((e) => e.kind).sort()).toEqual(['COMPLETION', 'PAYMENT', 'REFUND', 'REFUND', 'REFUND', 'REFUND']);
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(4);
    const invariants = await ledgerInvariants(world);
    expect(invariants.unbalanced).toEqual([]);
    expect(invariants.perCurrency).toEqual([{ currency: 'CNY', total: '0' }]);

    // Completion: what is left of the advance (payable 162.00 − 20.00 refunded) plus the platform's 10.00 coupon and 5.00 points on line 1.
    const ctx = await world.as(TEST_ADMIN);
    const cash = order.payable - 2000n;
    const gross = cash + 1000n + 500n;
    // Commission 5 % (the default) on goods: line 1 100.00 + 15.00, line 2 30.00 kept.
    const commission = (11500n * 500n) / 10000n + (3000n * 500n) / 10000n;
    // The refund after completion gives back half of line 1: 50.00 cash, 5.00 subsidy, 2.50 points, and its commission.
    const clawback = 5000n + 500n + 250n + 200n;
    const commissionBack = (11500n * 500n) / 10000n - (5750n * 500n) / 10000n;
    expect(await shopPayable(ctx, shopId, 'CNY')).toBe(gross - commission - clawback + commissionBack);
    const items = await db().select().from(settlementItems).where(eq(settlementItems.shopId, shopId));
    expect(items.reduce((s, i) => s + i.net, 0n)).toBe(gross - commission - clawback + commissionBack);
    expect(items.find((i) => i.kind === 'ORDER')).toMatchObject({ gross, commission, freight: 1200n, shopDiscount: (800n * 3000n) / 5000n });

    const trial = await trialBalance(ctx, { currencyCode: 'CNY' });
    expect(trial.balanced).toBe(true);
    expect(trial.totalDebit).toBe(trial.totalCredit);
    const advances = trial.rows.find((r) => r.account.code === 'CUSTOMER_ADVANCES');
    expect(advances?.balance).toBe(0n);

    // Each refund was owed to the customer, then paid by the provider: REFUNDS_PAYABLE is back at zero after moving both refunds.
    const rows = await db().select().from(postings);
    const moved = (code: string, sign: 1n | -1n, entry?: (id: string) => boolean) =>
      rows.filter((p) => p.code === code && p.amount * sign > 0n && (!entry || entry(p.entryId))).reduce((s, p) => s + p.amount * sign, 0n);
    expect(trial.rows.find((r) => r.account.code === 'REFUNDS_PAYABLE')?.balance).toBe(0n);
    expect(moved('REFUNDS_PAYABLE', -1n)).toBe(2000n + 5200n);
    expect(moved('REFUNDS_PAYABLE', 1n)).toBe(2000n + 5200n);
    // Only the second step, the provider's payment, touches the provider clearing.
    const owed = entries.find((e) => e.eventId === after.id && !e.sourceKey.endsWith(':refund-paid'));
    const paid = entries.find((e) => e.eventId === after.id && e.sourceKey.endsWith(':refund-paid'));
    expect(moved('PROVIDER_CLEARING', -1n, (id) => id === owed!.id)).toBe(0n);
    expect(moved('PROVIDER_CLEARING', -1n, (id) => id === paid!.id)).toBe(5200n);
    // The shop's own accounts: its freight (12.00) and its 8.00 coupon on line 2 (4.80 on the 30.00 kept) passed
    // through to its payable at completion; 2.00 of freight came back with the refund. Both end at zero.
    const completion = (id: string) => entries.find((e) => e.id === id)?.kind === 'COMPLETION';
    expect(moved('FREIGHT', -1n, completion)).toBe(1200n);
    expect(moved('COUPON_SUBSIDY_SHOP', 1n, completion)).toBe((800n * 3000n) / 5000n);
    expect(moved('FREIGHT', 1n) - moved('FREIGHT', -1n)).toBe(0n);
    expect(moved('COUPON_SUBSIDY_SHOP', 1n) - moved('COUPON_SUBSIDY_SHOP', -1n)).toBe(0n);
    // The payable: goods before the shop's discount, less that discount, plus freight, less commission and the refund.
    const goodsAtList = 10000n + 1000n + 500n + 3000n + (800n * 3000n) / 5000n;
    expect(moved('MERCHANT_PAYABLE', -1n, completion)).toBe(goodsAtList + 1200n);
    expect(moved('MERCHANT_PAYABLE', 1n, completion)).toBe((800n * 3000n) / 5000n + commission);
    const refundItem = items.find((i) => i.kind === 'REFUND');
    expect(refundItem).toMatchObject({ refund: clawback, freight: 200n, shopDiscount: 0n });
  });

  it('refuses to change or delete a posted entry (a correction is a reversing entry), and an unbalanced entry at commit', async () => {
    const [posting] = await db().select().from(postings).limit(1);
    expect(posting).toBeDefined();
    await expect(db().update(postings).set({ amount: 1n }).where(eq(postings.id, posting!.id))).rejects.toSatisfy(refusal(/immutable/));
    await expect(db().delete(journalEntries).where(eq(journalEntries.id, posting!.entryId))).rejects.toSatisfy(refusal(/immutable/));
    // Straight SQL past the domain: the deferred trigger still refuses an entry that does not balance.
    const entryId = newId('jen');
    await expect(
      db().transaction(async (tx) => {
        await tx
          .insert(journalEntries)
          .values({ id: entryId, sourceKey: `test:${entryId}`, kind: 'ADJUSTMENT', memo: 'bad', actor: 'test', postedAt: new Date() });
        // Debit 1.00, credit 0.99 on the same account: one cent unbalanced.
        const leg = (amount: bigint) => ({
          id: newId('pos'),
          entryId,
          accountId: posting!.accountId,
          code: posting!.code,
          shopId: posting!.shopId,
          currency: 'CNY' as const,
          amount,
          postedAt: new Date(),
        });
        await tx.insert(postings).values([leg(100n), leg(-99n)]);
      }),
    ).rejects.toSatisfy(refusal(/does not balance/));
    // The domain refuses it before any SQL.
    await expect(
      db().transaction((tx) =>
        postEntry(tx, {
          sourceKey: 'x',
          kind: 'ADJUSTMENT',
          memo: 'x',
          currency: 'CNY',
          actor: 'test',
          postedAt: new Date(),
          postings: [
            { code: 'PLATFORM_CASH', amount: 1n },
            { code: 'COMMISSION_REVENUE', amount: -2n },
          ],
        }),
      ),
    ).rejects.toThrow(/differ by/);
    expect(await db().select().from(journalEntries).where(eq(journalEntries.id, entryId))).toEqual([]);
  });

  it("a merchant reads its own shop's payable, never another's", async () => {
    const mine = newId('shp');
    const other = newId('shp');
    const merchant = await world.as(testMerchant(mine));
    expect(await shopPayable(merchant, mine, 'CNY')).toBe(0n);
    await expect(shopPayable(merchant, other, 'CNY')).rejects.toThrow(/another shop/);
  });
});
