import { toMoney, type CurrencyCode, type Money, type RequestContext } from '@zhongtai/kit';
import { aggregateStore, type CohortPeriod, type RefundDimension, type SalesSums } from './aggregateStore.ts';
import { activeGeneration } from './generations.ts';
import { checkPeriod } from './period.ts';
import { salesScope, scopeOf } from './summary.ts';
import { couponClaimTenancy, couponRedemptionTenancy, orderFunnelTenancy } from './tenancy.ts';

/** A period of business days and, for analysts and operators, the shops asked for (a merchant: its own; another is FORBIDDEN). */
export interface AggregateFilter {
  from: string;
  to: string;
  shopIds?: string[] | null;
}

const money = (minor: bigint, currency: string): Money => toMoney(minor, currency as CurrencyCode);

/** A share as a fraction rounded to 4 places (0.1234 = 12.34 %); null when there is nothing to divide by. */
export function rate(part: bigint, whole: bigint): number | null {
  if (whole <= 0n) return null;
  return Number((part * 10_000n + whole / 2n) / whole) / 10_000;
}

async function base(ctx: RequestContext, filter: AggregateFilter) {
  // The caller's shops first: a merchant aiming at another shop is FORBIDDEN whatever else it asked.
  const scope = salesScope(ctx, filter.shopIds).facts;
  checkPeriod(filter.from, filter.to);
  return { generation: await activeGeneration(ctx.db), from: filter.from, to: filter.to, scope };
}

/**
 * Refund rate by shop, category and reason: refunds on the business day they succeeded against
 * sales on the day they were paid (as salesSummary counts them), so a refund in a later month
 * raises that month's rate. A reason row's rate is its refunds over all the group's sales.
 */
export async function refundRates(ctx: RequestContext, filter: AggregateFilter, groupBy: RefundDimension[]) {
  const rows = await aggregateStore.refundRates(ctx.db, { ...(await base(ctx, filter)), groupBy: [...new Set(groupBy)] });
  return rows.map((r) => ({
    shop: r.shopId ? { __typename: 'Shop', id: r.shopId } : null,
    categoryId: r.categoryId,
    reason: r.reason,
    paid: money(r.paid, r.currency),
    refunded: money(r.refunded, r.currency),
    refundRate: rate(r.refunded, r.paid),
    orders: r.orders,
    refundedOrders: r.refundedOrders,
  }));
}

function sales(r: SalesSums) {
  return {
    orders: r.orders,
    units: r.units,
    gmv: money(r.gross, r.currency),
    discount: money(r.discount, r.currency),
    netOfDiscount: money(r.gross - r.discount, r.currency),
    paid: money(r.paid, r.currency),
    refunded: money(r.refunded, r.currency),
    net: money(r.paid - r.refunded, r.currency),
  };
}

/**
 * Coupon templates: claimed and used (redeemed by a paid checkout) on their business days, and the
 * sales of the lines the template's coupons discounted. A merchant sees its own templates' claims
 * and uses, and its own shop's sales under any template.
 */
export async function couponPerformance(ctx: RequestContext, filter: AggregateFilter) {
  const q = await base(ctx, filter);
  const claimScope = scopeOf(ctx, couponClaimTenancy, filter.shopIds);
  const redemptionScope = scopeOf(ctx, couponRedemptionTenancy, filter.shopIds);
  const rows = await aggregateStore.couponPerformance(ctx.db, { ...q, claimScope, redemptionScope });
  return rows.map((r) => ({ templateId: r.templateId, claimed: r.claimed, used: r.used, ...sales(r) }));
}

/** Campaigns (专场): the sales of the lines a promotion or flash sale of the campaign discounted; `discount` is theirs. */
export async function campaignPerformance(ctx: RequestContext, filter: AggregateFilter) {
  const rows = await aggregateStore.campaignPerformance(ctx.db, await base(ctx, filter));
  return rows.map((r) => ({ campaignId: r.campaignId, ...sales(r) }));
}

/** New and returning buyers per day, week or month: new in the period of their first purchase (within the caller's shops). */
export async function buyerCohorts(ctx: RequestContext, filter: AggregateFilter, period: CohortPeriod) {
  const rows = await aggregateStore.buyerCohorts(ctx.db, { ...(await base(ctx, filter)), period });
  return rows.map((r) => ({
    period: r.period,
    buyers: r.buyers,
    newBuyers: r.newBuyers,
    returningBuyers: r.returningBuyers,
    newBuyersPaid: money(r.newBuyersPaid, r.currency),
    returningBuyersPaid: money(r.returningBuyersPaid, r.currency),
  }));
}

/** The orders placed in the period and how far they got: paid, shipped, completed; and those that ended, by status and reason. */
export async function orderFunnel(ctx: RequestContext, filter: AggregateFilter) {
  const scope = scopeOf(ctx, orderFunnelTenancy, filter.shopIds);
  checkPeriod(filter.from, filter.to);
  return aggregateStore.funnel(ctx.db, { from: filter.from, to: filter.to, scope });
}
