import { and, eq, gt, ilike, lte, sql, type SQL } from 'drizzle-orm';
import {
  anyOf,
  containsPattern,
  isId,
  newId,
  ok,
  Problems,
  requiredText,
  shopForWrite,
  type ConnectionArgs,
  type CurrencyCode,
  type MoneyInput,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
} from '@zhongtai/kit';
import { couponTemplateTenancy } from './tenancy.ts';
import { coupons, couponTemplates, type CouponTemplateRow, type ScopeKind } from '../db/tables.ts';
import { TEMPLATE_ID_PREFIX } from './ids.ts';
import { positiveAmount, validateScope, validateWindow, wholeNumber } from './rules.ts';
import { checkScopeOwners } from './scopeOwners.ts';

export interface CreateCouponTemplateInput {
  shopId?: string | null;
  name: string;
  kind: CouponTemplateRow['kind'];
  amountOff?: MoneyInput | null;
  percentOff?: number | null;
  maxDiscount?: MoneyInput | null;
  minSpend?: MoneyInput | null;
  scope: ScopeKind;
  scopeIds?: string[] | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  validDays?: number | null;
  claimableFrom: Date;
  claimableUntil: Date;
  totalQuantity: number;
  perMemberLimit?: number | null;
  currencyCode?: CurrencyCode | null;
}

export async function createCouponTemplate(ctx: RequestContext, input: CreateCouponTemplateInput): Promise<Result<CouponTemplateRow>> {
  const problems = new Problems();
  const shopId = shopForWrite(ctx, couponTemplateTenancy, input.shopId);
  const currency = input.currencyCode ?? 'CNY';
  const name = requiredText(problems, input.name, ['input', 'name'], 'Template name', 100);
  const { scope, scopeIds } = validateScope(problems, shopId, input.scope, input.scopeIds);
  await checkScopeOwners(ctx, problems, shopId, scope, scopeIds);
  let amountOff: bigint | undefined;
  let percentOff: number | null = null;
  let maxDiscount: bigint | undefined;
  if (input.kind === 'PERCENT_OFF') {
    if (wholeNumber(problems, input.percentOff, 'percentOff', 1, 99)) percentOff = input.percentOff!;
    if (input.maxDiscount) maxDiscount = positiveAmount(problems, input.maxDiscount, currency, 'maxDiscount', 'Maximum discount');
  } else {
    amountOff = positiveAmount(problems, input.amountOff, currency, 'amountOff', 'Amount off');
  }
  let minSpend = 0n;
  if (input.minSpend) minSpend = positiveAmount(problems, input.minSpend, currency, 'minSpend', 'Minimum spend') ?? 0n;
  if (input.kind === 'THRESHOLD') {
    problems.check(input.minSpend != null, ['input', 'minSpend'], 'REQUIRED', 'A threshold coupon needs a minimum spend (满减)');
    if (amountOff !== undefined && minSpend > 0n)
      problems.check(amountOff < minSpend, ['input', 'amountOff'], 'OUT_OF_RANGE', 'The amount off must be below the threshold');
  }
  const fixed = input.validUntil != null;
  if (
    problems.check(
      fixed !== (input.validDays != null),
      ['input', 'validDays'],
      'INVALID',
      'Give either a validity window (validFrom, validUntil) or validDays, not both',
    )
  ) {
    if (fixed) validateWindow(problems, input.validFrom ?? input.claimableFrom, input.validUntil, ['validFrom', 'validUntil']);
    else wholeNumber(problems, input.validDays, 'validDays', 1, 365);
  }
  validateWindow(problems, input.claimableFrom, input.claimableUntil, ['claimableFrom', 'claimableUntil']);
  wholeNumber(problems, input.totalQuantity, 'totalQuantity', 1, 10_000_000);
  wholeNumber(problems, input.perMemberLimit ?? 1, 'perMemberLimit', 1, 100);
  if (problems.any || !name) return problems.refuse();
  const [row] = await ctx.db
    .insert(couponTemplates)
    .values({
      id: newId(TEMPLATE_ID_PREFIX),
      shopId,
      funder: shopId ? 'SHOP' : 'PLATFORM',
      name,
      kind: input.kind,
      amountOff: amountOff ?? null,
      percentOff,
      maxDiscount: maxDiscount ?? null,
      minSpend,
      currency,
      scope,
      scopeIds,
      validFrom: fixed ? (input.validFrom ?? input.claimableFrom) : null,
      validUntil: fixed ? input.validUntil! : null,
      validDays: fixed ? null : input.validDays!,
      claimableFrom: input.claimableFrom,
      claimableUntil: input.claimableUntil,
      totalQuantity: input.totalQuantity,
      perMemberLimit: input.perMemberLimit ?? 1,
    })
    .returning();
  return ok(row!);
}

export async function endCouponTemplate(ctx: RequestContext, input: { id: string }): Promise<Result<CouponTemplateRow>> {
  const problems = new Problems();
  const existing = await templateForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  const [row] = await ctx.db.update(couponTemplates).set({ status: 'ENDED', updatedAt: new Date() }).where(eq(couponTemplates.id, existing.id)).returning();
  return ok(row!);
}

async function templateForChange(ctx: RequestContext, id: string, problems: Problems): Promise<CouponTemplateRow | undefined> {
  if (!isId(TEMPLATE_ID_PREFIX, id)) return void problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not a coupon template id`);
  const [row] = await ctx.db.select().from(couponTemplates).where(eq(couponTemplates.id, id));
  if (!row) return void problems.add(['input', 'id'], 'NOT_FOUND', `Coupon template ${id} not found`);
  assertCan(ctx, couponTemplateTenancy, row, 'write');
  return row;
}

export interface CouponTemplateFilter {
  shopId?: string | null;
  platformOnly?: boolean | null;
  kind?: CouponTemplateRow['kind'] | null;
  status?: CouponTemplateRow['status'] | null;
  keyword?: string | null;
}

function listTemplates(ctx: RequestContext, args: ConnectionArgs, conditions: (SQL | undefined)[]) {
  return listTable(ctx.db, couponTemplates, args, { where: and(...conditions), sort: { column: couponTemplates.createdAt, direction: 'DESC' } });
}

export function listCouponTemplates(ctx: RequestContext, args: ConnectionArgs, filter: CouponTemplateFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, couponTemplateTenancy, { shopId: filter.shopId, platformOnly: filter.platformOnly })];
  if (filter.kind) conditions.push(eq(couponTemplates.kind, filter.kind));
  if (filter.status) conditions.push(eq(couponTemplates.status, filter.status));
  const pattern = containsPattern(filter.keyword);
  if (pattern) conditions.push(ilike(couponTemplates.name, pattern));
  return listTemplates(ctx, args, conditions);
}

/** What a customer can claim now: active, in the claim window, not all claimed. */
export function listClaimableTemplates(ctx: RequestContext, args: ConnectionArgs, shopId?: string | null) {
  const now = new Date();
  return listTemplates(ctx, args, [
    eq(couponTemplates.status, 'ACTIVE'),
    lte(couponTemplates.claimableFrom, now),
    gt(couponTemplates.claimableUntil, now),
    sql`${couponTemplates.claimedCount} < ${couponTemplates.totalQuantity}`,
    shopId ? eq(couponTemplates.shopId, shopId) : undefined,
  ]);
}

export function loadTemplate(ctx: RequestContext, id: string): Promise<CouponTemplateRow | null> {
  return rowById(ctx, 'marketing.templateById', couponTemplates, TEMPLATE_ID_PREFIX, id);
}

/** `couponTemplate(id)`: another shop's template is FORBIDDEN, not hidden. */
export async function findTemplate(ctx: RequestContext, id: string): Promise<CouponTemplateRow | null> {
  return loadScoped(ctx, couponTemplateTenancy, loadTemplate(ctx, id), 'read');
}

export interface CouponUsage {
  claimed: number;
  locked: number;
  used: number;
  expired: number;
  discountGiven: bigint;
}

/** Usage statistics of a page of templates in one grouped query. */
export async function templateUsage(ctx: RequestContext, template: CouponTemplateRow): Promise<CouponUsage> {
  const [stats] = await ctx.loaders
    .groupedBy<CouponUsage & { templateId: string }>(
      'marketing.usageByTemplate',
      (r) => r.templateId,
      (ids) =>
        ctx.db
          .select({
            templateId: coupons.templateId,
            claimed: sql<number>`count(*)::int`,
            locked: sql<number>`(count(*) filter (where ${coupons.status} = 'LOCKED'))::int`,
            used: sql<number>`(count(*) filter (where ${coupons.status} = 'REDEEMED'))::int`,
            expired: sql<number>`(count(*) filter (where ${coupons.status} = 'EXPIRED' or (${coupons.status} = 'AVAILABLE' and ${coupons.validUntil} <= now())))::int`,
            discountGiven: sql<bigint>`coalesce(sum(${coupons.discountAmount}) filter (where ${coupons.status} = 'REDEEMED'), 0)`.mapWith((v) => BigInt(v)),
          })
          .from(coupons)
          .where(anyOf(coupons.templateId, ids))
          .groupBy(coupons.templateId),
    )
    .load(template.id);
  if (!stats) return { claimed: 0, locked: 0, used: 0, expired: 0, discountGiven: 0n };
  const { templateId: _, ...usage } = stats;
  return usage;
}
