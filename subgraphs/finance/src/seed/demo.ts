import { count, eq } from 'drizzle-orm';
import { demoShopId, seedId, type Db } from '@zhongtai/kit';
import { commissionRates, moneyMovements, payouts, settlementItems, settlementStatements, shopOrderLines, shopOrders } from '../db/tables.ts';
import { commissionBpsFor } from '../domain/commissionRule.ts';
import { COMMISSION_RATE_ID_PREFIX, PAYOUT_ID_PREFIX, SETTLEMENT_ITEM_ID_PREFIX, STATEMENT_ID_PREFIX } from '../domain/ids.ts';
import { postEntry } from '../domain/journal.ts';
import { completionItem, completionPostings, paymentPostings, payoutPostings } from '../domain/postingRules.ts';
import { payoutSandbox } from '../providers/payoutSandbox.ts';
import { periodStart, statementTotals } from '../domain/settlementMath.ts';

const SET_UP = new Date(Date.UTC(2024, 11, 1, 0, 0, 0));
const PAID_AT = new Date(Date.UTC(2024, 11, 3, 9, 30, 0));
const COMPLETED_AT = new Date(Date.UTC(2024, 11, 6, 14, 0, 0));
/** The week the demo statement settles: T+7 after completion falls in it. */
const WEEK_ENDS = new Date(Date.UTC(2024, 11, 16, 0, 0, 0));
const CONFIRMED_AT = new Date(Date.UTC(2024, 11, 16, 2, 0, 0));
const PAID_OUT_AT = new Date(Date.UTC(2024, 11, 17, 10, 0, 0));
/** catalog's first demo category (数码 Electronics, the root of the phones): a thinner rate than the shops'. */
const ELECTRONICS = seedId('cat', 1);

/**
 * Demo finance: commission rates (demo shop 1 at 6 %, shop 2 at 8 %, electronics at 3 %, which
 * wins for its products), and one settled week of demo shop 1: an order paid, completed and put on
 * a weekly statement, confirmed and paid out, posted by the same posting rules and journal as the
 * events and the payout callback would (the database's balance checks apply); the shop's payable
 * is back to zero, so the next statement opens at nothing. The order is finance's own record: orders has no demo orders,
 * so its reference resolves to nothing there.
 */
export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(commissionRates);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const shopId = demoShopId(1);
    const rates = [
      { id: seedId(COMMISSION_RATE_ID_PREFIX, 1), shopId, categoryId: null, rateBps: 600, effectiveFrom: SET_UP, createdAt: SET_UP, updatedAt: SET_UP },
      {
        id: seedId(COMMISSION_RATE_ID_PREFIX, 2),
        shopId: demoShopId(2),
        categoryId: null,
        rateBps: 800,
        effectiveFrom: SET_UP,
        createdAt: SET_UP,
        updatedAt: SET_UP,
      },
      {
        id: seedId(COMMISSION_RATE_ID_PREFIX, 3),
        shopId: null,
        categoryId: ELECTRONICS,
        rateBps: 300,
        effectiveFrom: SET_UP,
        createdAt: SET_UP,
        updatedAt: SET_UP,
      },
    ];
    const orderId = seedId('ord', 900_001);
    const line = {
      orderLineId: seedId('oln', 900_001),
      skuId: seedId('sku', 1),
      categoryPath: [ELECTRONICS],
      finalAmount: 589_900n,
      platformDiscount: 2_000n,
      shopDiscount: 10_000n,
      pointsValue: 0n,
    };
    const freight = 0n;
    const payable = line.finalAmount + freight;
    const commissionBps = commissionBpsFor(rates, { shopId, categoryPath: line.categoryPath, at: COMPLETED_AT }, 500);
    await db.transaction(async (tx) => {
      await tx.insert(commissionRates).values(rates).onConflictDoNothing();
      const [order] = await tx
        .insert(shopOrders)
        .values({
          orderId,
          checkoutId: seedId('chk', 900_001),
          shopId,
          currency: 'CNY',
          payable,
          freight,
          stage: 'COMPLETED',
          paidAt: PAID_AT,
          completedAt: COMPLETED_AT,
          settleableAt: new Date(COMPLETED_AT.getTime() + 7 * 86_400_000),
          createdAt: PAID_AT,
          updatedAt: COMPLETED_AT,
        })
        .onConflictDoNothing()
        .returning();
      if (!order) return;
      await tx.insert(shopOrderLines).values({ ...line, orderId, commissionBps });
      const paymentId = seedId('pay', 900_001);
      await tx
        .insert(moneyMovements)
        .values({ reference: paymentId, kind: 'CAPTURE', paymentId, purpose: 'FULL', currency: 'CNY', amount: payable, occurredAt: PAID_AT });
      const base = { currency: 'CNY' as const, actor: 'seed:finance' };
      await postEntry(tx, {
        ...base,
        sourceKey: `seed:${paymentId}:payment`,
        kind: 'PAYMENT',
        memo: `payment ${paymentId} captured`,
        postedAt: PAID_AT,
        postings: paymentPostings('FULL', payable),
      });
      const completion = completionPostings({
        shopId,
        orderId,
        cash: payable,
        lines: [
          {
            orderLineId: line.orderLineId,
            finalAmount: line.finalAmount,
            platformDiscount: line.platformDiscount,
            shopDiscount: line.shopDiscount,
            points: 0n,
            refunded: 0n,
            commissionBps,
          },
        ],
      });
      const entry = await postEntry(tx, {
        ...base,
        sourceKey: `seed:${orderId}:completion`,
        kind: 'COMPLETION',
        memo: `order ${orderId} completed: revenue to the shop, commission earned`,
        orderId,
        shopId,
        postedAt: COMPLETED_AT,
        postings: completion.postings,
      });
      if (!entry) return;
      const item = {
        id: seedId(SETTLEMENT_ITEM_ID_PREFIX, 1),
        ...completionItem(completion, { shopId, orderId, currency: 'CNY' }, entry.id, COMPLETED_AT),
        statementId: seedId(STATEMENT_ID_PREFIX, 1),
      };
      // The statement first (its lines point at it), from the same arithmetic generation uses.
      await tx.insert(settlementStatements).values({
        id: item.statementId,
        shopId,
        currency: 'CNY',
        period: 'WEEKLY',
        periodStart: periodStart('WEEKLY', WEEK_ENDS),
        periodEnd: WEEK_ENDS,
        openingBalance: 0n,
        ...statementTotals(0n, [item]),
        status: 'CONFIRMED',
        confirmedBy: 'seed:finance',
        confirmedAt: CONFIRMED_AT,
        createdAt: WEEK_ENDS,
        updatedAt: CONFIRMED_AT,
      });
      await tx.insert(settlementItems).values(item);
      const payoutId = seedId(PAYOUT_ID_PREFIX, 1);
      const [statement] = await tx.select().from(settlementStatements).where(eq(settlementStatements.id, item.statementId));
      const amount = statement?.amountDue ?? 0n;
      await tx.insert(payouts).values({
        id: payoutId,
        statementId: item.statementId,
        shopId,
        currency: 'CNY',
        amount,
        status: 'PAID',
        provider: payoutSandbox.name,
        providerPayoutId: payoutSandbox.send(payoutId).providerPayoutId,
        paidAt: PAID_OUT_AT,
        createdAt: CONFIRMED_AT,
        updatedAt: PAID_OUT_AT,
      });
      const payoutBase = { ...base, shopId };
      await postEntry(tx, {
        ...payoutBase,
        sourceKey: `payout:${payoutId}:sent`,
        kind: 'PAYOUT',
        memo: `payout ${payoutId} of statement ${item.statementId} sent`,
        postedAt: CONFIRMED_AT,
        postings: payoutPostings('SENT', shopId, amount),
      });
      await postEntry(tx, {
        ...payoutBase,
        sourceKey: `payout:${payoutId}:paid`,
        kind: 'PAYOUT_PAID',
        memo: `payout ${payoutId} paid`,
        postedAt: PAID_OUT_AT,
        postings: payoutPostings('PAID', shopId, amount),
      });
    });
  },
};
