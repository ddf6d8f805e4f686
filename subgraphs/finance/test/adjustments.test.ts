import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { newId } from '@zhongtai/kit';
import { mustOk, openTestWorld, refusals, TEST_ADMIN, TEST_ANALYST, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { postings, settlementItems } from '../src/db/tables.ts';
import { postAdjustingEntry, reverseEntry } from '../src/domain/adjustments.ts';
import { shopPayable, trialBalance } from '../src/domain/ledger.ts';
import { cnyText, deliver, envelope, ledgerInvariants } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
const db = () => world.host.database.forCenter('finance');
const cny = (amount: string) => ({ amount, currencyCode: 'CNY' as const });

describe("an operator's adjusting entry and a reversal", () => {
  it('posts a balanced entry with a reason (once per key), shows on the shop’s next statement; a reversal undoes it once', async () => {
    const admin = await world.as(TEST_ADMIN);
    const shopId = newId('shp');
    const input = {
      reason: 'goodwill: commission given back',
      idempotencyKey: `adj-${shopId}`,
      postings: [
        { account: 'COMMISSION_REVENUE' as const, debit: cny('12.34') },
        { account: 'MERCHANT_PAYABLE' as const, shopId, credit: cny('12.34') },
      ],
    };
    const entry = mustOk(await postAdjustingEntry(admin, input));
    expect(entry).toMatchObject({ kind: 'ADJUSTMENT', reason: input.reason, actor: 'admin:test' });
    expect(mustOk(await postAdjustingEntry(admin, input)).id).toBe(entry.id);
    expect(await shopPayable(admin, shopId, 'CNY')).toBe(1234n);
    const [item] = await db().select().from(settlementItems).where(eq(settlementItems.entryId, entry.id));
    expect(item).toMatchObject({ kind: 'ADJUSTMENT', shopId, adjustment: 1234n, net: 1234n });

    const reversal = mustOk(await reverseEntry(admin, { entryId: entry.id, reason: 'posted to the wrong shop' }));
    expect(reversal).toMatchObject({ kind: 'REVERSAL', reversesEntryId: entry.id });
    const opposite = await db().select().from(postings).where(eq(postings.entryId, reversal.id));
    expect(opposite.map((p) => p.amount).sort()).toEqual([-1234n, 1234n]);
    expect(await shopPayable(admin, shopId, 'CNY')).toBe(0n);
    expect(refusals(await reverseEntry(admin, { entryId: entry.id, reason: 'again' }))).toEqual([{ field: ['input', 'entryId'], code: 'DUPLICATE' }]);
    expect((await ledgerInvariants(world)).unbalanced).toEqual([]);
  });

  it('refuses an unbalanced entry, a shop account without its shop, two currencies, and anyone but an operator', async () => {
    const admin = await world.as(TEST_ADMIN);
    const unbalanced = await postAdjustingEntry(admin, {
      reason: 'x',
      idempotencyKey: newId('k'),
      postings: [
        { account: 'PLATFORM_CASH', debit: cny('1.00') },
        { account: 'COMMISSION_REVENUE', credit: cny('0.99') },
      ],
    });
    expect(refusals(unbalanced)).toEqual([{ field: ['input', 'postings'], code: 'INVALID' }]);
    const noShop = await postAdjustingEntry(admin, {
      reason: 'x',
      idempotencyKey: newId('k'),
      postings: [
        { account: 'PLATFORM_CASH', debit: cny('1.00') },
        { account: 'MERCHANT_PAYABLE', credit: cny('1.00') },
      ],
    });
    expect(refusals(noShop)).toEqual([{ field: ['input', 'postings', '1', 'shopId'], code: 'INVALID' }]);
    const twoCurrencies = await postAdjustingEntry(admin, {
      reason: 'x',
      idempotencyKey: newId('k'),
      postings: [
        { account: 'PLATFORM_CASH', debit: cny('1.00') },
        { account: 'COMMISSION_REVENUE', credit: { amount: '1.00', currencyCode: 'USD' } },
      ],
    });
    expect(refusals(twoCurrencies)).toEqual([{ field: ['input', 'postings'], code: 'CURRENCY_MISMATCH' }]);
    const analyst = await world.as(TEST_ANALYST);
    await expect(
      postAdjustingEntry(analyst, {
        reason: 'x',
        idempotencyKey: newId('k'),
        postings: [
          { account: 'PLATFORM_CASH', debit: cny('1.00') },
          { account: 'COMMISSION_REVENUE', credit: cny('1.00') },
        ],
      }),
    ).rejects.toThrow(/read-only/);
  });
});

describe('a presale order (定金 and balance)', () => {
  it('holds the deposit apart until the order is paid in full, then it joins the advance; a deposit sent back comes out of the deposits held', async () => {
    const shopId = newId('shp');
    const checkoutId = newId('chk');
    const orderId = newId('ord');
    const lineId = newId('oln');
    const paid = (purpose: 'DEPOSIT' | 'BALANCE', amount: bigint, paymentId = newId('pay')) =>
      envelope('PaymentSucceeded', {
        paymentId,
        orderId: checkoutId,
        purpose,
        memberId: 'mbr_x',
        amount: cnyText(amount),
        currencyCode: 'CNY',
        paidAt: new Date().toISOString(),
      });
    const before = new Date();
    await deliver(world, paid('DEPOSIT', 5000n));
    const admin = await world.as(TEST_ADMIN);
    const held = (await trialBalance(admin, { currencyCode: 'CNY' })).rows.find((r) => r.account.code === 'DEPOSITS_HELD');
    expect(held?.balance).toBe(-5000n);
    await deliver(world, paid('BALANCE', 15000n));
    await deliver(
      world,
      envelope('OrderPaid', {
        orderId,
        parentOrderId: checkoutId,
        shopId,
        memberId: 'mbr_x',
        address: { receiver: 'r', phone: 'p', province: 'p', city: 'c', district: 'd', detail: 'x' },
        lines: [{ orderLineId: lineId, skuId: 'sku_x', quantity: 1, productType: 'PHYSICAL', source: { kind: 'NONE' } }],
        paidAt: new Date().toISOString(),
        money: {
          currencyCode: 'CNY',
          payable: '200.00',
          freight: '0.00',
          deposit: '50.00',
          lines: [{ orderLineId: lineId, skuId: 'sku_x', finalAmount: '200.00', platformDiscount: '0.00', shopDiscount: '0.00', points: '0.00' }],
        },
      }),
      new Map([['sku_x', []]]),
    );
    const after = await trialBalance(admin, { currencyCode: 'CNY' });
    expect(after.rows.find((r) => r.account.code === 'DEPOSITS_HELD')?.balance).toBe(0n);
    // A deposit of another presale that never got its balance is sent back (no lines): out of the deposits held.
    const other = paid('DEPOSIT', 3000n);
    await deliver(world, other);
    await deliver(
      world,
      envelope('RefundSucceeded', {
        refundId: newId('rfd'),
        paymentId: other.payload.paymentId,
        orderId: checkoutId,
        amount: '30.00',
        currencyCode: 'CNY',
        lines: [],
        succeededAt: new Date().toISOString(),
        idempotencyKey: `late-payment:${other.payload.paymentId}`,
      }),
    );
    const end = await trialBalance(admin, { currencyCode: 'CNY' });
    expect(end.rows.find((r) => r.account.code === 'DEPOSITS_HELD')?.balance).toBe(0n);
    expect(end.balanced).toBe(true);
    // The trial balance at a moment before any of it shows none of it.
    const earlier = await trialBalance(admin, { currencyCode: 'CNY', at: new Date(before.getTime() - 1) });
    expect(earlier.rows.find((r) => r.account.code === 'DEPOSITS_HELD')).toBeUndefined();
  });
});
