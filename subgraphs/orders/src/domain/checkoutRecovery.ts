import { and, asc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { paymentsService, type RequestContext, type UserError, logger } from '@zhongtai/kit';
import { checkouts, orders, type CheckoutRow } from '../db/tables.ts';
import { orderTimers } from './config.ts';
import { releaseCheckoutHolds, releaseOrderHolds } from './holds.ts';
import { releaseCheckoutSlots } from './serviceSlots.ts';

/** What a retry of a checkout ended by the recovery job gets. */
export const CHECKOUT_FAILED: UserError = {
  field: null,
  code: 'CHECKOUT_FAILED',
  message: 'This checkout attempt failed and nothing it took is held any more; place the order again with a new idempotency key',
};

export interface RecoveryReport {
  /** Stuck checkouts whose orders were already saved: now PLACED. */
  completed: string[];
  /** Stuck checkouts ended as FAILED by this run. */
  failed: string[];
  /** Failed checkouts whose holds this run gave back. */
  released: string[];
}

const BATCH = 100;

/**
 * The placeOrder recovery job: a checkout still PLACING past `placingRecoverySeconds` lost its
 * request (the process died, or it ran past the deadline). Each is ended exactly once by a guarded
 * update (`status = 'PLACING'`), so two processes running this, or the request finishing at the
 * same moment, cannot both end it: whichever writes first wins and the other changes nothing.
 * The request's own writes carry the same guard, so a request that outlives its deadline finds
 * its checkout FAILED, saves nothing and gives back what it took.
 *
 * - its shop orders were saved: it is completed (PLACED);
 * - otherwise it becomes FAILED with `releasePending`, and then everything it may hold is given
 *   back by id: stock and flash-sale quantity of the shop orders recorded before the first hold,
 *   the coupon, the points and the payment of the checkout. Each give-back is idempotent and a
 *   no-op for what was never taken, so a run that dies half-way is finished by the next one.
 */
export async function recoverStuckCheckouts(ctx: RequestContext, options: { olderThanSeconds?: number } = {}): Promise<RecoveryReport> {
  // The database's clock, the one that stamped created_at: processes on other machines agree on it.
  const cutoff = sql`now() - make_interval(secs => ${options.olderThanSeconds ?? orderTimers().placingRecoverySeconds})`;
  const report: RecoveryReport = { completed: [], failed: [], released: [] };
  const stuck = await ctx.db
    .select({ id: checkouts.id })
    .from(checkouts)
    .where(and(eq(checkouts.status, 'PLACING'), lt(checkouts.createdAt, cutoff)))
    .orderBy(asc(checkouts.createdAt))
    .limit(BATCH);
  for (const { id } of stuck) {
    if (await completeSaved(ctx, id, cutoff)) report.completed.push(id);
    else if (await endAsFailed(ctx, id, cutoff)) report.failed.push(id);
  }
  report.released = await releasePending(ctx);
  if (report.completed.length || report.failed.length) {
    const some = (ids: string[]) => ids.slice(0, 10);
    logger(ctx).error('recovered checkouts stuck in PLACING', {
      completed: report.completed.length,
      failed: report.failed.length,
      completedIds: some(report.completed),
      failedIds: some(report.failed),
    });
  }
  return report;
}

const hasOrders = sql`exists (select 1 from ${orders} where ${orders.checkoutId} = ${checkouts.id})`;
const stuckSince = (id: string, cutoff: SQL) => and(eq(checkouts.id, id), eq(checkouts.status, 'PLACING'), lt(checkouts.createdAt, cutoff))!;

/**
 * Shop orders exist but the checkout was not marked: it is PLACED with what the orders and the
 * payment center say, and the unpaid-close timer is set as placeOrder would have.
 */
async function completeSaved(ctx: RequestContext, checkoutId: string, cutoff: SQL): Promise<boolean> {
  const shopOrders = await ctx.db.select().from(orders).where(eq(orders.checkoutId, checkoutId));
  if (!shopOrders.length) return false;
  const { paymentsOfOrder } = await ctx.services.call(paymentsService.paymentsOfOrder, { orderId: checkoutId });
  const payment = paymentsOfOrder.filter((p) => p.purpose !== 'BALANCE').at(-1);
  const payable = shopOrders.reduce((sum, o) => sum + (o.type === 'PRESALE' ? o.depositAmount : o.payableAmount), 0n);
  const dueAt =
    shopOrders
      .map((o) => o.paymentDueAt)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [done] = await tx
      .update(checkouts)
      .set({
        status: 'PLACED',
        payableAmount: payable,
        currency: shopOrders[0]!.currency,
        paymentId: payment?.id ?? null,
        payUrl: payment?.action?.url ?? null,
        updatedAt: new Date(),
      })
      .where(and(stuckSince(checkoutId, cutoff), hasOrders))
      .returning({ id: checkouts.id });
    if (!done) return false;
    await ctx.events.schedule(tx, 'closeUnpaid', { checkoutId }, { startAfter: dueAt, singletonKey: checkoutId });
    return true;
  });
}

async function endAsFailed(ctx: RequestContext, checkoutId: string, cutoff: SQL): Promise<boolean> {
  const rows = await ctx.db
    .update(checkouts)
    .set({ status: 'FAILED', failure: [CHECKOUT_FAILED], releasePending: true, updatedAt: new Date() })
    .where(and(stuckSince(checkoutId, cutoff), sql`not ${hasOrders}`))
    .returning({ id: checkouts.id });
  return rows.length > 0;
}

/** Gives back what failed checkouts may hold; a checkout whose give-back fails stays pending for the next run. */
async function releasePending(ctx: RequestContext): Promise<string[]> {
  const pending = await ctx.db.select().from(checkouts).where(eq(checkouts.releasePending, true)).orderBy(asc(checkouts.updatedAt)).limit(BATCH);
  const released: string[] = [];
  for (const checkout of pending) {
    try {
      await releaseAllHolds(ctx, checkout);
      await ctx.db.update(checkouts).set({ releasePending: false, updatedAt: new Date() }).where(eq(checkouts.id, checkout.id));
      released.push(checkout.id);
    } catch (error) {
      logger(ctx).error('giving back the holds of a failed checkout failed; the next recovery run retries', { checkoutId: checkout.id, error });
    }
  }
  return released;
}

async function releaseAllHolds(ctx: RequestContext, checkout: CheckoutRow): Promise<void> {
  const held = checkout.heldOrders ?? { reservations: [], flashSales: [] };
  await releaseOrderHolds(ctx, held.reservations, held.flashSales, 'checkout failed (recovered)');
  await releaseCheckoutSlots(ctx.db, checkout.id);
  await releaseCheckoutHolds(ctx, checkout.id, { coupon: true, points: true, payment: true });
}
