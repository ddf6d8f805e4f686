import {
  catalogService,
  fulfillmentService,
  marketingService,
  ok,
  Problems,
  procurementService,
  type riskService,
  toMinor,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import type { PlaceOrderInput } from './checkoutInput.ts';
import { orderTimers } from './config.ts';
import { draftShopOrders, type ShopOrderDraft } from './orderDraft.ts';
import { openPresalePlans } from './presale.ts';
import { planServiceSlots, type SlotRequest } from './serviceSlots.ts';
import { applyCrossBorder, type CrossBorderCheckout } from './crossBorder/checkout.ts';

export interface PricedCheckout {
  input: PlaceOrderInput;
  memberId: string;
  checkoutId: string;
  cart: marketingService.CartPrice;
  drafts: ShopOrderDraft[];
  /** What is paid now: the whole payable, or a presale order's deposit. */
  payable: bigint;
  currency: string;
  paymentDueAt: Date;
  /** Stock is held until then: the payment window, or a presale's balance window end. */
  holdUntil: Date;
  /** 风控 REVIEW: placed ON_HOLD with no payment open until an operator releases it (riskCheck.ts). */
  held?: boolean;
  /** The risk center gave no verdict in time: a job records it SKIPPED once the center answers. */
  riskSkipped?: (riskService.AssessRiskInput & { reason: string }) | null;
  /** Lines of SKUs with limited slots per day (installation slots): held like stock. */
  slots: SlotRequest[];
  /** 代客下单: the staff member who placed it for the member, recorded with the checkout. */
  placedBy?: StaffPlacement | null;
  /** 跨境: the cross-border shop orders and their buyer, counted against the annual limit when saved. */
  crossBorder: CrossBorderCheckout | null;
}

export interface StaffPlacement {
  staffId: string;
  role: 'ADMIN' | 'MERCHANT';
  staffShopId: string | null;
  reason: string;
}

/**
 * Asks catalog what the SKUs are and cost now, procurement which of them a supplier ships,
 * marketing what the cart costs after promotions, the coupon and points, and fulfillment what
 * each shop's parcel costs to ship. Holds nothing.
 */
export async function priceAndQuote(ctx: RequestContext, input: PlaceOrderInput, memberId: string, checkoutId: string): Promise<Result<PricedCheckout>> {
  const problems = new Problems();
  const ids = input.lines.map((l) => l.skuId);
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids });
  const quotes = new Map(quoteSkus.map((q) => [q.id, q]));
  input.lines.forEach((line, i) => {
    const quote = quotes.get(line.skuId);
    const field = ['input', 'lines', String(i), 'skuId'];
    if (!problems.check(quote !== undefined, field, 'NOT_FOUND', `SKU ${line.skuId} does not exist`)) return;
    problems.check(quote!.spuStatus === 'ON_SALE' && quote!.status === 'ACTIVE', field, 'INACTIVE', `${quote!.spuName} is not on sale`);
  });
  if (problems.any) return problems.refuse();
  const supplierOfSku = await dropShipSuppliers(ctx, quoteSkus);

  const { priceCart } = await ctx.services.call(marketingService.priceCart, {
    input: {
      memberId,
      lines: input.lines.map(({ skuId, quantity }) => ({ skuId, quantity })),
      couponCode: input.couponCode ?? null,
      pointsToUse: input.pointsToUse ?? 0,
    },
  });
  if (!priceCart.cart) return problems.merge(priceCart.userErrors).refuse();
  const cart = priceCart.cart;

  const freightByShop = new Map<string, bigint>();
  for (const shopId of new Set(cart.lines.map((l) => l.shopId))) {
    if (cart.freeShipping) {
      freightByShop.set(shopId, 0n);
      continue;
    }
    const lines = cart.lines.filter((l) => l.shopId === shopId);
    const { quoteFreight } = await ctx.services.call(fulfillmentService.quoteFreight, {
      input: {
        shopId,
        address: { province: input.address.province, city: input.address.city, district: input.address.district },
        lines: lines.map((l) => {
          const q = quotes.get(l.skuId)!;
          return {
            skuId: l.skuId,
            quantity: l.quantity,
            productType: q.productType,
            weightGrams: q.weightGrams,
            volumeCm3: q.volumeCm3,
            amount: l.finalAmount,
          };
        }),
      },
    });
    if (!quoteFreight.deliverable) {
      return problems.add(['input', 'address'], 'UNDELIVERABLE', quoteFreight.reason ?? 'The shop does not deliver to this address').refuse();
    }
    freightByShop.set(shopId, toMinor(quoteFreight.freight));
  }

  const paymentDueAt = new Date(ctx.now().getTime() + orderTimers().paymentTimeoutSeconds * 1000);
  const drafts = draftShopOrders({
    checkoutId,
    memberId,
    address: input.address,
    note: input.note ?? null,
    channel: input.channel ?? null,
    currency: cart.currencyCode,
    inputSkuOrder: ids,
    quotes,
    supplierOfSku,
    priced: cart.lines,
    freightByShop,
    paymentDueAt,
    couponTemplateId: cart.couponTemplateId,
  });
  // Before the presale split: the tax is part of what is paid.
  const crossBorder = applyCrossBorder(drafts, quotes, input.buyerIdentity, problems);
  const presale = await applyPresale(ctx, drafts, problems);
  const slots = planServiceSlots(input, checkoutId, drafts, quotes, ctx.now(), problems);
  if (problems.any) return problems.refuse();
  const payable = presale ? presale.depositAmount : drafts.reduce((sum, d) => sum + d.order.payableAmount, 0n);
  const holdUntil = presale?.balanceDueAt ?? paymentDueAt;
  return ok({ input, memberId, checkoutId, cart, drafts, payable, currency: cart.currencyCode, paymentDueAt, holdUntil, slots, crossBorder });
}

/** 代发: SKU -> the supplier that ships it, for the cart's shipped SKUs; one call to procurement. */
async function dropShipSuppliers(ctx: RequestContext, quotes: catalogService.SkuQuote[]): Promise<Map<string, string>> {
  const skuIds = quotes.filter((q) => q.productType !== 'SERVICE').map((q) => q.id);
  if (!skuIds.length) return new Map();
  const { dropShipSources } = await ctx.services.call(procurementService.dropShipSources, { skuIds });
  return new Map(dropShipSources.map((s) => [s.skuId, s.supplierId]));
}

/**
 * A checkout of a SKU on presale is a PRESALE order on its own (one line): the deposit is paid
 * now, the balance in the plan's window. Mixing it with other items is refused.
 */
async function applyPresale(ctx: RequestContext, drafts: ShopOrderDraft[], problems: Problems) {
  const lines = drafts.flatMap((d) => d.lines);
  const plans = await openPresalePlans(
    ctx,
    lines.map((l) => l.skuId),
  );
  if (!plans.size) return undefined;
  if (!problems.check(lines.length === 1, ['input', 'lines'], 'INVALID', 'A presale item is ordered on its own')) return undefined;
  const [draft] = drafts;
  const line = lines[0]!;
  const plan = plans.get(line.skuId)!;
  const deposit = plan.depositPerUnit * BigInt(line.quantity);
  draft!.order.type = 'PRESALE';
  draft!.order.depositAmount = deposit < draft!.order.payableAmount ? deposit : draft!.order.payableAmount;
  draft!.order.balanceStartsAt = plan.balanceStartsAt;
  draft!.order.balanceDueAt = plan.balanceEndsAt;
  return draft!.order;
}
