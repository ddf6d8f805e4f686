import {
  inventoryService,
  marketingService,
  membersService,
  ok,
  paymentsService,
  Problems,
  toMoney,
  type CurrencyCode,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import type { CheckoutHeldOrders } from '../db/tables.ts';
import type { PricedCheckout } from './checkoutPricing.ts';
import type { Holds } from './holds.ts';
import { takeServiceSlot } from './serviceSlots.ts';

export interface HeldCheckout {
  /** Line id -> the warehouse holding its stock. */
  warehouseOfLine: Map<string, string>;
  /** Null while the checkout is held for review (no payment is opened until it is released). */
  paymentId: string | null;
  payUrl: string | null;
}

const RESERVATION_GRACE_MS = 5 * 60_000;

/**
 * Whether a line holds warehouse stock: not a 代发 line (the supplier's stock) and not a SERVICE
 * (nothing to ship; a PHYSICAL_WITH_SERVICE line holds its goods).
 */
const heldInWarehouse = (line: { supplierId: string | null; productType: string }) => !line.supplierId && line.productType !== 'SERVICE';

/** The shop orders that takeHolds may hold stock or flash-sale quantity for (same rules as below). */
export function ordersToHold(priced: PricedCheckout): CheckoutHeldOrders {
  return {
    reservations: priced.drafts.filter((d) => d.lines.some(heldInWarehouse)).map((d) => d.order.id),
    flashSales: priced.drafts.filter((d) => d.lines.some((l) => l.flashSaleId)).map((d) => d.order.id),
  };
}

/**
 * Takes, in order: service slots, stock per shop order (drop-shipped lines aside), flash-sale quantity, the
 * coupon, the points, the payment. Each is recorded in `holds` before it is asked for, so a
 * failure half-way gives back what may have been taken. Reservations outlive the payment window
 * a little: the close job releases them first; their own expiry is the backstop if this process
 * dies.
 */
export async function takeHolds(
  ctx: RequestContext,
  priced: PricedCheckout,
  memberId: string,
  checkoutId: string,
  holds: Holds,
): Promise<Result<HeldCheckout>> {
  const problems = new Problems();
  const warehouseOfLine = new Map<string, string>();
  const expiresAt = new Date(priced.holdUntil.getTime() + RESERVATION_GRACE_MS).toISOString();

  // Slots a day (installation): recorded under the checkout as they are taken, so giveBack finds them.
  for (const slot of priced.slots) {
    if (!(await takeServiceSlot(ctx.db, slot)))
      return problems
        .add(['input', 'lines', String(slot.inputIndex), 'serviceDate'], 'CAPACITY_FULL', `No slot is left on ${slot.slotDate}; choose another day`)
        .refuse();
  }

  for (const { order, lines } of priced.drafts) {
    // 代发 lines are the supplier's stock and services have none: only the others are held in a warehouse.
    const stocked = lines.filter(heldInWarehouse);
    if (stocked.length) {
      holds.reservations.push(order.id);
      const { reserveStock } = await ctx.services.call(inventoryService.reserveStock, {
        input: { orderId: order.id, lines: stocked.map((l) => ({ skuId: l.skuId, quantity: l.quantity })), expiresAt },
      });
      if (!reserveStock.reservation) {
        for (const e of reserveStock.userErrors) {
          const lineIndex = Number(e.field?.[2]);
          const line = Number.isInteger(lineIndex) ? stocked[lineIndex] : undefined;
          problems.add(line ? ['input', 'lines', String(line.inputIndex), 'quantity'] : ['input', 'lines'], e.code, e.message);
        }
        return problems.refuse();
      }
      for (const allocation of reserveStock.reservation.allocations) {
        const line = stocked[allocation.lineIndex];
        if (line) warehouseOfLine.set(line.id, allocation.warehouseId);
      }
    }
    for (const line of lines.filter((l) => l.flashSaleId)) {
      holds.flashSales.push(order.id);
      const { takeFlashSale } = await ctx.services.call(marketingService.takeFlashSale, {
        input: { flashSaleId: line.flashSaleId!, memberId, orderId: order.id, quantity: line.quantity },
      });
      if (takeFlashSale.quantity === null) return problems.adopt(takeFlashSale.userErrors, ['input', 'lines', String(line.inputIndex), 'quantity']).refuse();
    }
  }

  const { cart } = priced;
  if (cart.couponId && priced.input.couponCode) {
    holds.coupon = true;
    const { lockCoupon } = await ctx.services.call(marketingService.lockCoupon, {
      input: { couponCode: priced.input.couponCode, memberId, orderId: checkoutId, discount: cart.couponDiscount },
    });
    if (!lockCoupon.couponId) return problems.adopt(lockCoupon.userErrors, ['input', 'couponCode']).refuse();
  }
  if (cart.pointsUsed > 0) {
    holds.points = true;
    const { spendPoints } = await ctx.services.call(membersService.spendPoints, { input: { memberId, points: cart.pointsUsed, orderId: checkoutId } });
    if (spendPoints.points === null) return problems.adopt(spendPoints.userErrors, ['input', 'pointsToUse']).refuse();
  }

  if (priced.held) return ok({ warehouseOfLine, paymentId: null, payUrl: null });
  holds.payment = true;
  const { createPayment } = await ctx.services.call(paymentsService.createPayment, {
    input: {
      orderId: checkoutId,
      memberId,
      purpose: priced.drafts[0]?.order.type === 'PRESALE' ? 'DEPOSIT' : 'FULL',
      amount: toMoney(priced.payable, priced.currency as CurrencyCode),
      // 积分抵现: the points spent above pay the rest; the payment records both tenders so refunds give back each in proportion.
      ...(priced.drafts[0]?.order.type === 'PRESALE'
        ? {}
        : {
            points: {
              points: cart.pointsUsed,
              amount: cart.pointsDeduction,
              // The points paid for goods, never the freight: refunds return them in proportion to the goods.
              goodsAmount: toMoney(priced.payable - priced.drafts.reduce((sum, d) => sum + d.order.freightAmount, 0n), priced.currency as CurrencyCode),
            },
          }),
      idempotencyKey: checkoutId,
      // Assessed a moment ago as the checkout (assessCheckout): payments does not ask again.
      riskAssessed: true,
      // Every shop of the checkout must accept the chosen method (payments checks it).
      ...(priced.input.paymentMethod ? { method: priced.input.paymentMethod, shopIds: [...new Set(priced.drafts.map((d) => d.order.shopId))] } : {}),
      ...(priced.input.payerOpenId ? { payerOpenId: priced.input.payerOpenId } : {}),
    },
  });
  if (!createPayment.payment) return problems.adopt(createPayment.userErrors, null).refuse();
  return ok({ warehouseOfLine, paymentId: createPayment.payment.id, payUrl: createPayment.payment.action?.url ?? null });
}
