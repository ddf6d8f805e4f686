import { eq } from 'drizzle-orm';
import {
  catalogService,
  isId,
  membersService,
  parseMoney,
  withinAmountLimit,
  Problems,
  toMoney,
  type CurrencyCode,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { coupons, couponTemplates } from '../db/tables.ts';
import { unusableReason } from './couponUse.ts';
import { runningFlashSales } from './flashSales.ts';
import { priceCart as calculate } from './pricing/calculate.ts';
import type { CartLine, CouponRule, PricedCart } from './pricing/types.ts';
import { runningPromotions } from './promotions.ts';

export interface PriceCartInput {
  memberId: string;
  lines: { skuId: string; quantity: number }[];
  couponCode?: string | null;
  pointsToUse?: number | null;
  /** Repricing an unpaid order: the coupon locked for it is usable, the points it spent are the member's again. */
  heldBy?: { orderId: string; points: number } | null;
}

export const MAX_CART_LINES = 100;

/**
 * Gathers what the calculation needs (prices, shops and category paths from catalog; level and
 * points from members; running promotions, flash sales and the coupon here), then runs the pure
 * calculation. Service calls happen before any transaction; nothing is locked or written.
 */
export async function priceMemberCart(ctx: RequestContext, input: PriceCartInput): Promise<Result<PricedCart & { currencyCode: CurrencyCode }>> {
  const problems = new Problems();
  const field = (...path: string[]) => ['input', ...path];
  if (
    !problems.check(input.lines.length > 0 && input.lines.length <= MAX_CART_LINES, field('lines'), 'OUT_OF_RANGE', `A cart has 1 to ${MAX_CART_LINES} lines`)
  )
    return problems.refuse();
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    problems.check(
      Number.isInteger(line.quantity) && line.quantity >= 1 && line.quantity <= 9999,
      field('lines', String(i), 'quantity'),
      'OUT_OF_RANGE',
      'Quantity is 1 to 9999',
    );
    if (!isId(catalogService.SKU_ID_PREFIX, line.skuId)) problems.add(field('lines', String(i), 'skuId'), 'INVALID_ID', `"${line.skuId}" is not a SKU id`);
    else problems.check(!seen.has(line.skuId), field('lines', String(i), 'skuId'), 'DUPLICATE', 'One line per SKU');
    seen.add(line.skuId);
  });
  if (!isId(membersService.MEMBER_ID_PREFIX, input.memberId)) problems.add(field('memberId'), 'INVALID_ID', `"${input.memberId}" is not a member id`);
  if (problems.any) return problems.refuse();

  const [{ quoteSkus }, { memberQuote }] = await Promise.all([
    ctx.services.call(catalogService.quoteSkus, { ids: input.lines.map((l) => l.skuId) }),
    ctx.services.call(membersService.memberQuote, { memberId: input.memberId }),
  ]);
  if (!memberQuote) return problems.add(field('memberId'), 'NOT_FOUND', `Member ${input.memberId} not found`).refuse();
  if (memberQuote.status !== 'ACTIVE') return problems.add(field('memberId'), 'INACTIVE', 'The member account is frozen').refuse();
  const quotes = new Map(quoteSkus.map((q) => [q.id, q]));
  const currency = quoteSkus[0]?.price.currencyCode as CurrencyCode | undefined;
  const lines: CartLine[] = [];
  input.lines.forEach((line, i) => {
    const quote = quotes.get(line.skuId);
    const at = field('lines', String(i), 'skuId');
    if (!quote) return void problems.add(at, 'NOT_FOUND', `SKU ${line.skuId} not found`);
    if (quote.status !== 'ACTIVE' || quote.spuStatus !== 'ON_SALE') return void problems.add(at, 'INACTIVE', `${quote.spuName} is not on sale`);
    if (quote.price.currencyCode !== currency) return void problems.add(at, 'CURRENCY_MISMATCH', `A cart is priced in one currency (${currency})`);
    const unitPrice = parseMoney(quote.price, problems, at);
    if (unitPrice !== undefined) lines.push({ skuId: quote.id, shopId: quote.shopId, categoryPath: quote.categoryPath, unitPrice, quantity: line.quantity });
  });
  if (problems.any || !currency) return problems.refuse();
  // Bounded so no sum below (discounts, points, totals) leaves exact bigint/Number/Decimal range.
  const itemsTotal = lines.reduce((sum, l) => sum + l.unitPrice * BigInt(l.quantity), 0n);
  if (!withinAmountLimit(itemsTotal, problems, field('lines'), currency)) return problems.refuse();

  const now = new Date();
  const coupon = input.couponCode?.trim() ? await couponRule(ctx, problems, input.couponCode, input.memberId, currency, now, input.heldBy?.orderId) : null;
  if (problems.any) return problems.refuse();
  const [promotions, sales] = await Promise.all([
    runningPromotions(ctx, [...new Set(lines.map((l) => l.shopId))], currency, now),
    runningFlashSales(
      ctx,
      lines.map((l) => l.skuId),
      input.memberId,
      now,
    ),
  ]);
  const result = calculate({
    currencyCode: currency,
    lines,
    promotions: promotions.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      tiers: p.tiers.map((t) => ({ threshold: BigInt(t.threshold), off: BigInt(t.off) })),
      percentOff: p.percentOff,
      maxDiscount: p.maxDiscount,
      scope: { ownerShopId: p.shopId, kind: p.scope, ids: p.scopeIds },
      campaignId: p.campaignId,
    })),
    flashSales: sales
      .filter(({ sale }) => sale.currency === currency)
      .map(({ sale, held }) => ({
        id: sale.id,
        name: sale.name,
        skuId: sale.skuId,
        campaignId: sale.campaignId,
        price: sale.price,
        remaining: sale.quantity - sale.sold,
        memberAllowance: Math.max(0, sale.perMemberLimit - held),
      })),
    coupon,
    member: { ...memberQuote, memberId: input.memberId, pointsBalance: memberQuote.pointsBalance + Math.max(0, input.heldBy?.points ?? 0) },
    pointsToUse: input.pointsToUse ?? 0,
  });
  return result.ok ? { ok: true, value: { ...result.value, currencyCode: currency } } : result;
}

/** The member's coupon by code, or a userError naming why it cannot be used. */
async function couponRule(
  ctx: RequestContext,
  problems: Problems,
  code: string,
  memberId: string,
  currency: string,
  now: Date,
  heldFor?: string,
): Promise<CouponRule | null> {
  const at = ['input', 'couponCode'];
  const normalized = code.trim().toUpperCase();
  const [found] = await ctx.db
    .select({ coupon: coupons, template: couponTemplates })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.code, normalized));
  if (!found || found.coupon.memberId !== memberId) return (problems.add(at, 'NOT_FOUND', `No coupon ${normalized} for this member`), null);
  // The order being repriced holds it: usable while still valid, as it was when the order was placed.
  const heldHere = heldFor !== undefined && found.coupon.status === 'LOCKED' && found.coupon.orderId === heldFor;
  const reason = unusableReason(heldHere ? { ...found.coupon, status: 'AVAILABLE' } : found.coupon, now);
  if (reason) return (problems.add(at, reason.code, reason.message), null);
  const { template } = found;
  if (template.currency !== currency) return (problems.add(at, 'CURRENCY_MISMATCH', `The coupon is in ${template.currency}`), null);
  return {
    id: found.coupon.id,
    templateId: template.id,
    name: template.name,
    kind: template.kind,
    amountOff: template.amountOff,
    percentOff: template.percentOff,
    maxDiscount: template.maxDiscount,
    minSpend: template.minSpend,
    scope: { ownerShopId: template.shopId, kind: template.scope, ids: template.scopeIds },
  };
}

/** The GraphQL shape of a priced cart: Money everywhere. */
export function cartPriceView(cart: PricedCart & { currencyCode: CurrencyCode }) {
  const money = (minor: bigint) => toMoney(minor, cart.currencyCode);
  return {
    currencyCode: cart.currencyCode,
    lines: cart.lines.map((l) => ({
      skuId: l.skuId,
      shopId: l.shopId,
      quantity: l.quantity,
      flashSaleId: l.flashSaleId,
      unitPrice: money(l.unitPrice),
      listAmount: money(l.listAmount),
      finalAmount: money(l.finalAmount),
      discounts: l.discounts.map((d) => ({ ...d, amount: money(d.amount) })),
    })),
    subtotal: money(cart.subtotal),
    discountTotal: money(cart.discountTotal),
    total: money(cart.total),
    couponId: cart.couponId,
    couponTemplateId: cart.couponTemplateId,
    couponDiscount: money(cart.couponDiscount),
    pointsUsed: cart.pointsUsed,
    pointsDeduction: money(cart.pointsDeduction),
    freeShipping: cart.freeShipping,
  };
}
