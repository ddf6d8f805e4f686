import { inArray } from 'drizzle-orm';
import { badUserInput, isId, type RequestContext } from '@zhongtai/kit';
import { campaigns, couponTemplates, flashSales, promotions } from '../db/tables.ts';
import { CAMPAIGN_ID_PREFIX, TEMPLATE_ID_PREFIX } from './ids.ts';

export const MAX_STANDING_IDS = 500;

export interface CampaignStanding {
  id: string;
  /** The shop that runs it; null for a platform campaign. */
  shopId: string | null;
  startsAt: Date;
  endsAt: Date;
  /** Shops with a promotion or flash sale in it (a platform campaign's participants), its own shop included. */
  participantShopIds: string[];
}

export interface CouponTemplateStanding {
  id: string;
  shopId: string | null;
  status: 'ACTIVE' | 'ENDED';
}

/**
 * Whether campaigns exist, whose they are, when they run and which shops take part, in three
 * queries however many ids (the content center's banner links and merchants' banner proposals).
 */
export async function campaignStandings(ctx: RequestContext, ids: string[]): Promise<CampaignStanding[]> {
  const wanted = checkedIds(ids, CAMPAIGN_ID_PREFIX);
  if (!wanted.length) return [];
  const [rows, promotionShops, flashSaleShops] = await Promise.all([
    ctx.db.select().from(campaigns).where(inArray(campaigns.id, wanted)),
    ctx.db.selectDistinct({ campaignId: promotions.campaignId, shopId: promotions.shopId }).from(promotions).where(inArray(promotions.campaignId, wanted)),
    ctx.db.selectDistinct({ campaignId: flashSales.campaignId, shopId: flashSales.shopId }).from(flashSales).where(inArray(flashSales.campaignId, wanted)),
  ]);
  return rows.map((c) => {
    const shops = new Set<string>(c.shopId ? [c.shopId] : []);
    for (const p of [...promotionShops, ...flashSaleShops]) if (p.campaignId === c.id && p.shopId) shops.add(p.shopId);
    return { id: c.id, shopId: c.shopId, startsAt: c.startsAt, endsAt: c.endsAt, participantShopIds: [...shops].sort() };
  });
}

/** Whether coupon templates exist, whose they are and whether they still take claims. */
export async function couponTemplateStandings(ctx: RequestContext, ids: string[]): Promise<CouponTemplateStanding[]> {
  const wanted = checkedIds(ids, TEMPLATE_ID_PREFIX);
  if (!wanted.length) return [];
  return ctx.db
    .select({ id: couponTemplates.id, shopId: couponTemplates.shopId, status: couponTemplates.status })
    .from(couponTemplates)
    .where(inArray(couponTemplates.id, wanted));
}

function checkedIds(ids: string[], prefix: string): string[] {
  if (ids.length > MAX_STANDING_IDS) throw badUserInput(`Ask at most ${MAX_STANDING_IDS} ids at once`, ['ids']);
  return [...new Set(ids.filter((id) => isId(prefix, id)))];
}
