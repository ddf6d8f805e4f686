import { and, eq, type SQL } from 'drizzle-orm';
import { isId, listTable, newId, ok, Problems, scopedWhere, shopForWrite, type ConnectionArgs, type RequestContext, type Result } from '@zhongtai/kit';
import { commissionRates, type CommissionRateRow } from '../db/tables.ts';
import { CATEGORY_ID_PREFIX, COMMISSION_RATE_ID_PREFIX, SHOP_ID_PREFIX } from './ids.ts';
import { commissionRateTenancy } from './tenancy.ts';
import { present } from './rows.ts';

/**
 * 佣金率: an operator sets a shop's rate or a category's, from a moment on (effective-dated:
 * rates are never edited, a new one takes over from its `effectiveFrom`, so an order completed
 * before keeps the rate of its day). Which rate applies is commissionRule.ts.
 */
export interface SetCommissionRateInput {
  shopId?: string | null;
  categoryId?: string | null;
  rateBps: number;
  effectiveFrom?: string | Date | null;
}

export async function setCommissionRate(ctx: RequestContext, input: SetCommissionRateInput): Promise<Result<CommissionRateRow>> {
  const problems = new Problems();
  const categoryId = input.categoryId?.trim() || null;
  const requestedShop = input.shopId?.trim() || null;
  if ((categoryId === null) === (requestedShop === null)) problems.add(['input'], 'INVALID', 'A rate is for a shop or for a category, exactly one');
  if (requestedShop && !isId(SHOP_ID_PREFIX, requestedShop)) problems.add(['input', 'shopId'], 'INVALID_ID', 'Not a shop id');
  if (categoryId && !isId(CATEGORY_ID_PREFIX, categoryId)) problems.add(['input', 'categoryId'], 'INVALID_ID', 'Not a category id');
  problems.check(
    Number.isInteger(input.rateBps) && input.rateBps >= 0 && input.rateBps <= 10_000,
    ['input', 'rateBps'],
    'OUT_OF_RANGE',
    'A rate is 0 to 10000 basis points (0 % to 100 %)',
  );
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : ctx.now();
  problems.check(!Number.isNaN(effectiveFrom.getTime()), ['input', 'effectiveFrom'], 'INVALID', 'Not a time');
  if (problems.any) return problems.refuse();
  // A category rate is the platform's (shop null); a shop's rate is checked as a write to that shop.
  const shopId = shopForWrite(ctx, commissionRateTenancy, requestedShop);
  const [row] = await ctx.db
    .insert(commissionRates)
    .values({ id: newId(COMMISSION_RATE_ID_PREFIX), shopId, categoryId, rateBps: input.rateBps, effectiveFrom })
    .returning();
  return ok(present(row, 'the new rate'));
}

export function listCommissionRates(ctx: RequestContext, args: ConnectionArgs, filter: { shopId?: string | null; categoryId?: string | null } = {}) {
  const where: (SQL | undefined)[] = [scopedWhere(ctx, commissionRateTenancy, { shopId: filter.shopId })];
  if (filter.categoryId) where.push(eq(commissionRates.categoryId, filter.categoryId));
  return listTable(ctx.db, commissionRates, args, { where: and(...where), sort: { column: commissionRates.effectiveFrom, direction: 'DESC' } });
}
