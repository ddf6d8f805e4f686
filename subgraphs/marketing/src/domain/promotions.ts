import { and, asc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import {
  anyOf,
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
  assertCan,
  scopedWhere,
} from '@zhongtai/kit';
import { campaignTenancy, promotionTenancy } from './tenancy.ts';
import { campaigns, promotions, type CampaignRow, type PromotionRow, type ScopeKind } from '../db/tables.ts';
import { CAMPAIGN_ID_PREFIX, PROMOTION_ID_PREFIX } from './ids.ts';
import { positiveAmount, validateScope, validateWindow, wholeNumber } from './rules.ts';
import { checkScopeOwners } from './scopeOwners.ts';

export interface CreatePromotionInput {
  shopId?: string | null;
  campaignId?: string | null;
  name: string;
  kind: PromotionRow['kind'];
  tiers?: { threshold: MoneyInput; off: MoneyInput }[] | null;
  percentOff?: number | null;
  maxDiscount?: MoneyInput | null;
  scope: ScopeKind;
  scopeIds?: string[] | null;
  startsAt: Date;
  endsAt: Date;
  currencyCode?: CurrencyCode | null;
}

/** A campaign the caller may put a rule into: the same owner (a shop's campaign takes only that shop's rules). */
export async function campaignFor(ctx: RequestContext, problems: Problems, id: string | null | undefined, shopId: string | null): Promise<CampaignRow | null> {
  if (!id) return null;
  if (!isId(CAMPAIGN_ID_PREFIX, id)) return (problems.add(['input', 'campaignId'], 'INVALID_ID', `"${id}" is not a campaign id`), null);
  const [row] = await ctx.db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) return (problems.add(['input', 'campaignId'], 'NOT_FOUND', `Campaign ${id} not found`), null);
  problems.check(row.shopId === null || row.shopId === shopId, ['input', 'campaignId'], 'INVALID', "A shop's campaign takes only that shop's promotions");
  return row;
}

export async function createPromotion(ctx: RequestContext, input: CreatePromotionInput): Promise<Result<PromotionRow>> {
  const problems = new Problems();
  const shopId = shopForWrite(ctx, promotionTenancy, input.shopId);
  const currency = input.currencyCode ?? 'CNY';
  const name = requiredText(problems, input.name, ['input', 'name'], 'Promotion name', 100);
  const { scope, scopeIds } = validateScope(problems, shopId, input.scope, input.scopeIds);
  await checkScopeOwners(ctx, problems, shopId, scope, scopeIds);
  const tiers: { threshold: string; off: string }[] = [];
  let percentOff: number | null = null;
  let maxDiscount: bigint | null = null;
  if (input.kind === 'FULL_REDUCTION') {
    const given = input.tiers ?? [];
    if (problems.check(given.length >= 1 && given.length <= 10, ['input', 'tiers'], 'REQUIRED', 'Give 1 to 10 tiers (满300减30)')) {
      given.forEach((tier, i) => {
        const threshold = positiveAmount(problems, tier.threshold, currency, `tiers.${i}.threshold`, 'Threshold');
        const off = positiveAmount(problems, tier.off, currency, `tiers.${i}.off`, 'Amount off');
        if (threshold === undefined || off === undefined) return;
        problems.check(off < threshold, ['input', 'tiers', String(i), 'off'], 'OUT_OF_RANGE', 'The amount off must be below its threshold');
        const previous = tiers.at(-1);
        if (previous)
          problems.check(
            threshold > BigInt(previous.threshold) && off > BigInt(previous.off),
            ['input', 'tiers', String(i)],
            'INVALID',
            'Tiers rise: each threshold and amount above the previous',
          );
        tiers.push({ threshold: threshold.toString(), off: off.toString() });
      });
    }
  } else {
    if (wholeNumber(problems, input.percentOff, 'percentOff', 1, 99)) percentOff = input.percentOff!;
    if (input.maxDiscount) maxDiscount = positiveAmount(problems, input.maxDiscount, currency, 'maxDiscount', 'Maximum discount') ?? null;
  }
  validateWindow(problems, input.startsAt, input.endsAt, ['startsAt', 'endsAt']);
  const campaign = await campaignFor(ctx, problems, input.campaignId, shopId);
  if (problems.any || !name) return problems.refuse();
  const [row] = await ctx.db
    .insert(promotions)
    .values({
      id: newId(PROMOTION_ID_PREFIX),
      shopId,
      campaignId: campaign?.id ?? null,
      name,
      kind: input.kind,
      tiers,
      percentOff,
      maxDiscount,
      currency,
      scope,
      scopeIds,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    })
    .returning();
  return ok(row!);
}

export async function endPromotion(ctx: RequestContext, input: { id: string }): Promise<Result<PromotionRow>> {
  const problems = new Problems();
  if (!isId(PROMOTION_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a promotion id`).refuse();
  const [existing] = await ctx.db.select().from(promotions).where(eq(promotions.id, input.id));
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', `Promotion ${input.id} not found`).refuse();
  assertCan(ctx, promotionTenancy, existing, 'write');
  const [row] = await ctx.db.update(promotions).set({ status: 'ENDED', updatedAt: new Date() }).where(eq(promotions.id, existing.id)).returning();
  return ok(row!);
}

export interface PromotionFilter {
  shopId?: string | null;
  platformOnly?: boolean | null;
  campaignId?: string | null;
  kind?: PromotionRow['kind'] | null;
  status?: PromotionRow['status'] | null;
  activeAt?: Date | null;
}

export function listPromotions(ctx: RequestContext, args: ConnectionArgs, filter: PromotionFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, promotionTenancy, { shopId: filter.shopId, platformOnly: filter.platformOnly })];
  if (filter.campaignId) conditions.push(eq(promotions.campaignId, filter.campaignId));
  if (filter.kind) conditions.push(eq(promotions.kind, filter.kind));
  if (filter.status) conditions.push(eq(promotions.status, filter.status));
  if (filter.activeAt) conditions.push(lte(promotions.startsAt, filter.activeAt), gt(promotions.endsAt, filter.activeAt), eq(promotions.status, 'ACTIVE'));
  return listTable(ctx.db, promotions, args, { where: and(...conditions), sort: { column: promotions.createdAt, direction: 'DESC' } });
}

/** Promotions running at `now` that could touch a cart of these shops: their campaign's window too. */
export async function runningPromotions(ctx: RequestContext, shopIds: string[], currency: string, now: Date): Promise<PromotionRow[]> {
  const rows = await ctx.db
    .select({ promotion: promotions })
    .from(promotions)
    .leftJoin(campaigns, eq(campaigns.id, promotions.campaignId))
    .where(
      and(
        eq(promotions.status, 'ACTIVE'),
        eq(promotions.currency, currency),
        lte(promotions.startsAt, now),
        gt(promotions.endsAt, now),
        or(isNull(promotions.shopId), inArray(promotions.shopId, shopIds)),
        or(isNull(promotions.campaignId), and(lte(campaigns.startsAt, now), gt(campaigns.endsAt, now))),
      ),
    )
    .orderBy(asc(promotions.id));
  return rows.map((r) => r.promotion);
}

export async function createCampaign(
  ctx: RequestContext,
  input: { shopId?: string | null; name: string; startsAt: Date; endsAt: Date },
): Promise<Result<CampaignRow>> {
  const problems = new Problems();
  const shopId = shopForWrite(ctx, campaignTenancy, input.shopId);
  const name = requiredText(problems, input.name, ['input', 'name'], 'Campaign name', 100);
  validateWindow(problems, input.startsAt, input.endsAt, ['startsAt', 'endsAt']);
  if (problems.any || !name) return problems.refuse();
  const [row] = await ctx.db
    .insert(campaigns)
    .values({ id: newId(CAMPAIGN_ID_PREFIX), shopId, name, startsAt: input.startsAt, endsAt: input.endsAt })
    .returning();
  return ok(row!);
}

export function listCampaigns(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: { shopId?: string | null; platformOnly?: boolean | null; activeAt?: Date | null } = {},
) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, campaignTenancy, { shopId: filter.shopId, platformOnly: filter.platformOnly })];
  if (filter.activeAt) conditions.push(lte(campaigns.startsAt, filter.activeAt), gt(campaigns.endsAt, filter.activeAt));
  return listTable(ctx.db, campaigns, args, { where: and(...conditions), sort: { column: campaigns.startsAt, direction: 'DESC' } });
}

export function loadCampaign(ctx: RequestContext, id: string): Promise<CampaignRow | null> {
  return ctx.loaders.byId<CampaignRow>('marketing.campaignById', (ids) => ctx.db.select().from(campaigns).where(anyOf(campaigns.id, ids))).load(id);
}
