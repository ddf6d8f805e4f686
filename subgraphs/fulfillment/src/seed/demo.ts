import { count } from 'drizzle-orm';
import { demoShopId, seedId, type Db } from '@zhongtai/kit';
import { carriers, freightRules, freightTemplates } from '../db/tables.ts';
import { SANDBOX_CARRIER_CODE } from '../carriers/sandbox.ts';

const SET_UP = new Date(Date.UTC(2024, 11, 5, 2, 0, 0));
const REMOTE = ['新疆', '西藏', '青海', '内蒙古'];

/**
 * Demo carriers (the sandbox one signs with a well-known secret, so demos and scripts can sign
 * callbacks: never use it for a real carrier) and one default template per demo shop: odd shops
 * charge by weight, even shops by piece; remote provinces cost more; shop 6 does not deliver to
 * Tibet; free shipping from 99 CNY or 5 items.
 */
export const SANDBOX_DEMO_SECRET = 'sandbox-carrier-demo-secret';

const CARRIERS = [
  { code: SANDBOX_CARRIER_CODE, name: '沙箱快递 Sandbox Express', secret: SANDBOX_DEMO_SECRET, days: 3 },
  { code: 'SF', name: '顺丰速运 SF Express', secret: 'sf-demo-secret-change-me', days: 2 },
  { code: 'ZTO', name: '中通快递 ZTO Express', secret: 'zto-demo-secret-change-me', days: 4 },
  { code: 'YTO', name: '圆通速递 YTO Express', secret: 'yto-demo-secret-change-me', days: 4 },
];

export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(carriers);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const carrierRows = CARRIERS.map((c, i) => ({
      id: seedId('car', i + 1),
      code: c.code,
      name: c.name,
      callbackSecret: c.secret,
      promisedDays: c.days,
      createdAt: SET_UP,
      updatedAt: SET_UP,
    }));
    const templates: (typeof freightTemplates.$inferInsert)[] = [];
    const rules: (typeof freightRules.$inferInsert)[] = [];
    for (let shop = 1; shop <= 6; shop++) {
      const id = seedId('frt', shop);
      const byWeight = shop % 2 === 1;
      templates.push({
        id,
        shopId: demoShopId(shop),
        name: byWeight ? '按重量计费 By weight' : '按件计费 By piece',
        chargeBy: byWeight ? 'WEIGHT' : 'PIECE',
        currencyCode: 'CNY',
        freeOverAmount: 9900n,
        freeOverQuantity: 5,
        excludedProvinces: shop === 6 ? ['西藏'] : [],
        isDefault: true,
        createdAt: SET_UP,
        updatedAt: SET_UP,
      });
      const units = byWeight ? 1000 : 1;
      rules.push({
        id: seedId('frr', shop * 10),
        templateId: id,
        position: 0,
        provinces: [],
        firstUnits: units,
        firstPrice: 800n,
        additionalUnits: units,
        additionalPrice: 400n,
      });
      rules.push({
        id: seedId('frr', shop * 10 + 1),
        templateId: id,
        position: 1,
        provinces: REMOTE,
        firstUnits: units,
        firstPrice: 2000n,
        additionalUnits: units,
        additionalPrice: 1000n,
      });
    }
    await db.transaction(async (tx) => {
      await tx.insert(carriers).values(carrierRows).onConflictDoNothing();
      await tx.insert(freightTemplates).values(templates).onConflictDoNothing();
      await tx.insert(freightRules).values(rules).onConflictDoNothing();
    });
  },
};
