import { newId, ok, refused, toMoney, type CurrencyCode, type RequestContext, type Result } from '@zhongtai/kit';
import { CrossBorderRefused, recordCrossBorderBuyer } from './crossBorder/checkout.ts';
import { checkouts, orderLines, orders, orderStatusChanges, type CheckoutRow, type OrderRow } from '../db/tables.ts';
import { staffPlacements } from '../db/editTables.ts';
import { stillPlacing } from './checkoutClaim.ts';
import type { HeldCheckout } from './checkoutHolds.ts';
import type { PricedCheckout } from './checkoutPricing.ts';
import { STATUS_CHANGE_ID_PREFIX } from './ids.ts';
import { orderTimers } from './config.ts';
import { RECORD_SKIPPED_RISK_JOB } from './riskCheck.ts';
import { CLOSE_UNREVIEWED_JOB } from './riskHold.ts';

/** A placed checkout: what placeOrder answers (defined here, where it is written, so placeOrder.ts and this file do not import each other). */
export interface PlacedCheckout {
  checkout: CheckoutRow;
  orders: OrderRow[];
}

/** The recovery job ended the checkout first: nothing of this request may be written. */
class CheckoutEnded extends Error {}

/**
 * Writes the placed checkout, its shop orders and lines in one transaction, with the job that
 * closes it if it is still unpaid when the payment window ends. Undefined, with nothing written,
 * when the checkout is no longer PLACING (the recovery job failed it meanwhile). Refused, with
 * nothing written, when its cross-border orders would pass the buyer's annual limit (counted here,
 * in the transaction that writes them: crossBorder/checkout.ts).
 */
export async function saveCheckout(ctx: RequestContext, priced: PricedCheckout, held: HeldCheckout): Promise<Result<PlacedCheckout> | undefined> {
  try {
    return ok(await writeCheckout(ctx, priced, held));
  } catch (error) {
    if (error instanceof CheckoutEnded) return undefined;
    if (error instanceof CrossBorderRefused) return refused([error.userError]);
    throw error;
  }
}

function writeCheckout(ctx: RequestContext, priced: PricedCheckout, held: HeldCheckout): Promise<PlacedCheckout> {
  const actor = ctx.claims!.subject;
  return ctx.db.transaction(async (tx) => {
    const saved = [];
    for (const { order, lines } of priced.drafts) {
      const [row] = await tx.insert(orders).values(order).returning();
      if (!row) throw new Error(`order ${order.id} was not written`);
      await tx.insert(orderLines).values(
        lines.map(({ inputIndex: _i, flashSaleId: _f, ...line }) => ({
          ...line,
          warehouseId: held.warehouseOfLine.get(line.id) ?? null,
          orderCreatedAt: row.createdAt,
        })),
      );
      await tx.insert(orderStatusChanges).values({
        id: newId(STATUS_CHANGE_ID_PREFIX),
        orderId: order.id,
        fromStatus: null,
        toStatus: order.status,
        reason: priced.held ? 'held for risk review' : null,
        actor,
      });
      const money = (minor: bigint) => toMoney(minor, row.currency as CurrencyCode).amount;
      await ctx.events.publish(tx, 'OrderPlaced', {
        orderId: row.id,
        parentOrderId: row.checkoutId,
        shopId: row.shopId,
        memberId: row.memberId,
        type: row.type,
        orderNumber: row.orderNumber,
        payable: money(row.payableAmount),
        currencyCode: row.currency,
        lines: lines.map((l) => ({ orderLineId: l.id, skuId: l.skuId, quantity: l.quantity, finalAmount: money(l.finalAmount) })),
        placedAt: row.createdAt.toISOString(),
        channel: order.channel ?? null,
      });
      saved.push(row);
    }
    if (priced.crossBorder) await recordCrossBorderBuyer(tx, priced.crossBorder, ctx.now());
    const [checkout] = await tx
      .update(checkouts)
      .set({
        status: 'PLACED',
        payableAmount: priced.payable,
        currency: priced.currency,
        couponCode: priced.cart.couponId ? (priced.input.couponCode ?? null) : null,
        pointsUsed: priced.cart.pointsUsed,
        paymentId: held.paymentId,
        payUrl: held.payUrl,
        updatedAt: new Date(),
      })
      .where(stillPlacing(priced.checkoutId))
      .returning();
    if (!checkout) throw new CheckoutEnded();
    if (priced.placedBy) await tx.insert(staffPlacements).values({ checkoutId: priced.checkoutId, ...priced.placedBy });
    // A held checkout has no payment window yet: releasing it opens one (riskHold.ts).
    if (!priced.held)
      await ctx.events.schedule(tx, 'closeUnpaid', { checkoutId: priced.checkoutId }, { startAfter: priced.paymentDueAt, singletonKey: priced.checkoutId });
    if (priced.held) {
      const dueAt = new Date(ctx.now().getTime() + orderTimers().riskReviewSeconds * 1000);
      await ctx.events.schedule(
        tx,
        CLOSE_UNREVIEWED_JOB,
        { checkoutId: priced.checkoutId, dueAt: dueAt.toISOString() },
        { startAfter: dueAt, singletonKey: `unreviewed-${priced.checkoutId}` },
      );
    }
    if (priced.riskSkipped)
      await ctx.events.schedule(tx, RECORD_SKIPPED_RISK_JOB, { input: priced.riskSkipped }, { singletonKey: `risk-skipped-${priced.checkoutId}` });
    return { checkout: checkout!, orders: saved };
  });
}
