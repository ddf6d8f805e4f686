import { and, inArray, isNotNull } from 'drizzle-orm';
import { inventoryService, marketingService, membersService, paymentsService, type Db, type RequestContext } from '@zhongtai/kit';
import { orderLines } from '../db/tables.ts';
import { releaseCheckoutSlots } from './serviceSlots.ts';

/**
 * What a checkout holds in other centers, so a refusal or a failure gives back exactly that.
 * Every give-back call is idempotent in its center, so giving back twice (a retried job) or
 * something that was never taken (the call failed half-way) is harmless.
 */
export class Holds {
  readonly reservations: string[] = [];
  readonly flashSales: string[] = [];
  coupon = false;
  points = false;
  payment = false;

  constructor(
    private readonly ctx: RequestContext,
    private readonly checkoutId: string,
  ) {}

  async giveBack(reason: string): Promise<void> {
    await releaseCheckoutSlots(this.ctx.db, this.checkoutId);
    await releaseOrderHolds(this.ctx, this.reservations, this.flashSales, reason);
    await releaseCheckoutHolds(this.ctx, this.checkoutId, { coupon: this.coupon, points: this.points, payment: this.payment });
  }
}

/** Stock and flash-sale quantity belong to each shop order. */
export async function releaseOrderHolds(ctx: RequestContext, reservations: string[], flashSales: string[], reason: string): Promise<void> {
  for (const orderId of reservations) await ctx.services.call(inventoryService.releaseReservation, { input: { orderId, reason } });
  for (const orderId of flashSales) await ctx.services.call(marketingService.releaseFlashSale, { input: { orderId } });
}

/** The coupon, the points and the payment belong to the checkout as a whole. */
export async function releaseCheckoutHolds(
  ctx: RequestContext,
  checkoutId: string,
  what: { coupon: boolean; points: boolean; payment: boolean },
): Promise<void> {
  if (what.coupon) await ctx.services.call(marketingService.releaseCoupon, { input: { orderId: checkoutId } });
  if (what.points) await ctx.services.call(membersService.refundPoints, { input: { orderId: checkoutId } });
  // Whichever is open: a presale checkout pays a deposit and then a balance.
  if (what.payment)
    for (const purpose of ['FULL', 'DEPOSIT', 'BALANCE'] as const)
      await ctx.services.call(paymentsService.closePayment, { input: { orderId: checkoutId, purpose } });
}

/**
 * The orders that hold warehouse stock: those with a line a warehouse serves. An order whose
 * lines are all drop-shipped (or services without stock) has no reservation to commit or release.
 */
export async function ordersHoldingStock(db: Db, orderIds: string[]): Promise<string[]> {
  if (!orderIds.length) return [];
  const rows = await db
    .selectDistinct({ orderId: orderLines.orderId })
    .from(orderLines)
    .where(and(inArray(orderLines.orderId, orderIds), isNotNull(orderLines.warehouseId)));
  const holding = new Set(rows.map((r) => r.orderId));
  return orderIds.filter((id) => holding.has(id));
}
