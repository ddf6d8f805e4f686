import {
  catalogService,
  fulfillmentService,
  marketingService,
  ok,
  Problems,
  toMinor,
  toMoney,
  type CurrencyCode,
  type RequestContext,
  type Result,
  type UserError,
} from '@zhongtai/kit';
import type { CheckoutRow, LineDiscount, OrderLineRow, OrderRow } from '../../db/tables.ts';

/** A line of the checkout after the edit: its new quantity and price (0: removed). */
export interface RepricedLine {
  line: OrderLineRow;
  quantity: number;
  unitPrice: bigint;
  discounts: LineDiscount[];
  finalAmount: bigint;
}

export interface RepricedOrder {
  order: OrderRow;
  lines: RepricedLine[];
  itemsAmount: bigint;
  discountAmount: bigint;
  freightAmount: bigint;
  payableAmount: bigint;
}

export interface RepricedCheckout {
  orders: RepricedOrder[];
  payable: bigint;
  /** The points the checkout keeps (the cap of the smaller cart may be lower than before). */
  pointsUsed: number;
}

/**
 * Prices the checkout's unpaid orders as they would be after the edit, as placeOrder prices a
 * cart: marketing's promotions, the checkout's own coupon (still locked for it) and its points
 * (capped by the smaller cart), fulfillment's freight per shop. The coupon and points span every
 * shop order of the checkout, so all of them are repriced, not only the edited one. Holds nothing.
 * A coupon whose threshold the smaller cart no longer reaches refuses the edit (BELOW_THRESHOLD):
 * the customer keeps what they agreed to, or cancels and orders again.
 */
export async function repriceCheckout(
  ctx: RequestContext,
  checkout: CheckoutRow,
  unpaid: { order: OrderRow; lines: OrderLineRow[] }[],
  quantityOf: (line: OrderLineRow) => number,
): Promise<Result<RepricedCheckout>> {
  const problems = new Problems();
  const kept = unpaid.flatMap(({ lines }) => lines.filter((l) => quantityOf(l) > 0));
  const { priceCart } = await ctx.services.call(marketingService.priceCart, {
    input: {
      memberId: checkout.memberId,
      lines: kept.map((l) => ({ skuId: l.skuId, quantity: quantityOf(l) })),
      couponCode: checkout.couponCode,
      pointsToUse: checkout.pointsUsed,
      heldBy: { orderId: checkout.id, points: checkout.pointsUsed },
    },
  });
  if (!priceCart.cart) return problems.merge(priceCart.userErrors.map(asEditError)).refuse();
  const cart = priceCart.cart;
  if (checkout.couponCode && !cart.couponId)
    return problems.add(['input', 'lines'], 'BELOW_THRESHOLD', `The order's coupon ${checkout.couponCode} no longer applies to what would be left`).refuse();
  const pricedBySku = new Map(cart.lines.map((l) => [l.skuId, l]));
  if (cart.lines.some((l) => l.flashSaleId))
    return problems.add(['input', 'lines'], 'INVALID', 'A checkout with a flash-sale item cannot be changed; cancel the order and order again').refuse();

  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: kept.map((l) => l.skuId) });
  const quotes = new Map(quoteSkus.map((q) => [q.id, q]));
  const repriced: RepricedOrder[] = [];
  for (const { order, lines } of unpaid) {
    const repricedLines = lines.map((line): RepricedLine => {
      const priced = pricedBySku.get(line.skuId);
      if (!priced || quantityOf(line) === 0) return { line, quantity: 0, unitPrice: line.unitPrice, discounts: [], finalAmount: 0n };
      return {
        line,
        quantity: priced.quantity,
        unitPrice: toMinor(priced.unitPrice),
        discounts: priced.discounts.map((d) => ({ source: d.source, sourceId: d.id, amount: d.amount.amount, funder: d.funder })),
        finalAmount: toMinor(priced.finalAmount),
      };
    });
    const live = repricedLines.filter((l) => l.quantity > 0);
    const itemsAmount = live.reduce((sum, l) => sum + l.unitPrice * BigInt(l.quantity), 0n);
    const finalAmount = live.reduce((sum, l) => sum + l.finalAmount, 0n);
    const freight = cart.freeShipping ? ok(0n) : await freightOf(ctx, order, live, quotes);
    if (!freight.ok) return freight;
    repriced.push({
      order,
      lines: repricedLines,
      itemsAmount,
      discountAmount: itemsAmount - finalAmount,
      freightAmount: freight.value,
      payableAmount: finalAmount + freight.value,
    });
  }
  return ok({ orders: repriced, payable: repriced.reduce((sum, o) => sum + o.payableAmount, 0n), pointsUsed: cart.pointsUsed });
}

/** The shop's parcel after the edit, quoted as at checkout (weight and pieces change the freight). */
async function freightOf(ctx: RequestContext, order: OrderRow, lines: RepricedLine[], quotes: Map<string, catalogService.SkuQuote>): Promise<Result<bigint>> {
  const { quoteFreight } = await ctx.services.call(fulfillmentService.quoteFreight, {
    input: {
      shopId: order.shopId,
      address: { province: order.address.province, city: order.address.city, district: order.address.district },
      lines: lines.map((l) => {
        const q = quotes.get(l.line.skuId);
        return {
          skuId: l.line.skuId,
          quantity: l.quantity,
          productType: l.line.productType,
          weightGrams: q?.weightGrams ?? 0,
          volumeCm3: q?.volumeCm3 ?? 0,
          amount: toMoney(l.finalAmount, order.currency as CurrencyCode),
        };
      }),
    },
  });
  if (!quoteFreight.deliverable)
    return new Problems().add(['input', 'lines'], 'UNDELIVERABLE', quoteFreight.reason ?? 'The shop does not deliver this order').refuse();
  return ok(toMinor(quoteFreight.freight));
}

/** Marketing speaks of its cart's fields; the caller of an edit named lines. */
function asEditError(e: UserError): UserError {
  return { ...e, field: e.field?.[1] === 'couponCode' || e.field?.[1] === 'pointsToUse' ? ['input', 'lines'] : (e.field ?? null) };
}
