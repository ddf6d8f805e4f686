import { count } from 'drizzle-orm';
import { DEMO_MEMBER_ID, DEMO_SHOP_COUNT, demoMemberId, demoShopId, seedId, type Db } from '@zhongtai/kit';
import { campaigns, coupons, couponTemplates, flashSales, promotions } from '../db/tables.ts';

const FROM = new Date(Date.UTC(2025, 0, 1));
const UNTIL = new Date(Date.UTC(2030, 11, 31));
const yuan = (n: number) => BigInt(n * 100);
const tiers = (...pairs: [number, number][]) => pairs.map(([t, off]) => ({ threshold: yuan(t).toString(), off: yuan(off).toString() }));

/** Platform and per-shop coupon templates, 满减 and percent promotions, a 专场 and flash sales; windows run to 2030. */
export function buildMarketing() {
  const base = { currency: 'CNY', claimableFrom: FROM, claimableUntil: UNTIL, createdAt: FROM, updatedAt: FROM };
  const templates: (typeof couponTemplates.$inferInsert)[] = [
    {
      ...base,
      id: seedId('cpt', 1),
      shopId: null,
      funder: 'PLATFORM',
      name: '平台满300减30 Platform 30 off 300',
      kind: 'THRESHOLD',
      amountOff: yuan(30),
      minSpend: yuan(300),
      scope: 'PLATFORM',
      validDays: 30,
      totalQuantity: 100_000,
      perMemberLimit: 2,
      claimedCount: 3,
    },
    {
      ...base,
      id: seedId('cpt', 2),
      shopId: null,
      funder: 'PLATFORM',
      name: '新人9折券 Newcomer 10% off (max 50)',
      kind: 'PERCENT_OFF',
      percentOff: 10,
      maxDiscount: yuan(50),
      scope: 'PLATFORM',
      validDays: 7,
      totalQuantity: 50_000,
      perMemberLimit: 1,
      claimedCount: 1,
    },
  ];
  for (let s = 1; s <= DEMO_SHOP_COUNT; s++) {
    templates.push({
      ...base,
      id: seedId('cpt', 10 + s),
      shopId: demoShopId(s),
      funder: 'SHOP',
      name: `店铺券 满200减20 (shop ${s})`,
      kind: 'THRESHOLD',
      amountOff: yuan(20),
      minSpend: yuan(200),
      scope: 'SHOP',
      validFrom: FROM,
      validUntil: UNTIL,
      totalQuantity: 1000,
      perMemberLimit: 1,
    });
  }
  const couponRows: (typeof coupons.$inferInsert)[] = [1, 2, 3].map((n) => ({
    id: seedId('cpn', n),
    templateId: seedId('cpt', 1),
    memberId: demoMemberId(n),
    code: `DEMO300OFF30${n}`,
    source: 'GRANT' as const,
    validFrom: FROM,
    validUntil: UNTIL,
    claimedAt: FROM,
    updatedAt: FROM,
  }));
  couponRows.push({
    id: seedId('cpn', 4),
    templateId: seedId('cpt', 2),
    memberId: DEMO_MEMBER_ID,
    code: 'DEMONEW10PCT',
    source: 'CLAIM',
    validFrom: FROM,
    validUntil: UNTIL,
    claimedAt: FROM,
    updatedAt: FROM,
  });
  const campaignRows = [
    { id: seedId('cmp', 1), shopId: null, name: '双十一专场 Singles Day', startsAt: FROM, endsAt: UNTIL, createdAt: FROM, updatedAt: FROM },
  ];
  const promo = { currency: 'CNY', startsAt: FROM, endsAt: UNTIL, createdAt: FROM, updatedAt: FROM };
  const promotionRows: (typeof promotions.$inferInsert)[] = [
    {
      ...promo,
      id: seedId('prm', 1),
      shopId: null,
      campaignId: seedId('cmp', 1),
      name: '跨店满300减30, 满500减60',
      kind: 'FULL_REDUCTION',
      tiers: tiers([300, 30], [500, 60]),
      scope: 'PLATFORM',
    },
    {
      ...promo,
      id: seedId('prm', 2),
      shopId: demoShopId(2),
      name: '优衣库全场 9折 (max 100)',
      kind: 'PERCENT_OFF',
      percentOff: 10,
      maxDiscount: yuan(100),
      scope: 'SHOP',
    },
    {
      ...promo,
      id: seedId('prm', 3),
      shopId: demoShopId(3),
      name: '三只松鼠 满99减10',
      kind: 'FULL_REDUCTION',
      tiers: tiers([99, 10], [199, 25]),
      scope: 'SHOP',
    },
  ];
  const flashRows: (typeof flashSales.$inferInsert)[] = [
    {
      id: seedId('fls', 1),
      shopId: demoShopId(1),
      skuId: seedId('sku', 1),
      campaignId: seedId('cmp', 1),
      name: '1元秒杀 One-yuan flash sale',
      price: yuan(1),
      currency: 'CNY',
      quantity: 100,
      perMemberLimit: 1,
      startsAt: FROM,
      endsAt: UNTIL,
      createdAt: FROM,
      updatedAt: FROM,
    },
  ];
  return { templates, couponRows, campaignRows, promotionRows, flashRows };
}

export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(couponTemplates);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const data = buildMarketing();
    await db.transaction(async (tx) => {
      await tx.insert(campaigns).values(data.campaignRows).onConflictDoNothing();
      await tx.insert(couponTemplates).values(data.templates).onConflictDoNothing();
      await tx.insert(coupons).values(data.couponRows).onConflictDoNothing();
      await tx.insert(promotions).values(data.promotionRows).onConflictDoNothing();
      await tx.insert(flashSales).values(data.flashRows).onConflictDoNothing();
    });
  },
};
