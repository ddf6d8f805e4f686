import { count } from 'drizzle-orm';
import { demoShopId, seedId, type Db } from '@zhongtai/kit';
import { dropShipOffers, suppliers } from '../db/tables.ts';

const SET_UP = new Date(Date.UTC(2024, 11, 8, 2, 0, 0));

/**
 * Demo SKUs of shop 1 that no warehouse stocks (inventory seeds the first 40 of each shop): the
 * 华为 Pura 70 Ultra variants, numbered as catalog's seed numbers them (see inventory's seed).
 * A supplier ships them, so the demo can sell them without warehouse stock.
 */
export const DEMO_DROP_SHIP_SKUS = [
  { skuId: seedId('sku', 57), supplyPrice: 459_900n },
  { skuId: seedId('sku', 58), supplyPrice: 724_400n },
];

/** Two suppliers of the demo merchant's shop: one shipping, one suspended. */
export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(suppliers);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const shopId = demoShopId(1);
    const at = { createdAt: SET_UP, updatedAt: SET_UP };
    const shipping = seedId('sup', 1);
    await db.transaction(async (tx) => {
      await tx
        .insert(suppliers)
        .values([
          {
            id: shipping,
            shopId,
            code: 'HW-SZ-DS',
            name: '深圳华强代发仓 Shenzhen Huaqiang Drop-ship',
            contactName: '林志强',
            contactPhone: '075583001234',
            status: 'ACTIVE',
            ...at,
          },
          {
            id: seedId('sup', 2),
            shopId,
            code: 'ACC-DG-01',
            name: '东莞配件供应商 Dongguan Accessories',
            contactName: 'Amy Chen',
            contactPhone: '076922005678',
            status: 'SUSPENDED',
            ...at,
          },
        ])
        .onConflictDoNothing();
      await tx
        .insert(dropShipOffers)
        .values(
          DEMO_DROP_SHIP_SKUS.map((o, i) => ({
            id: seedId('dso', i + 1),
            supplierId: shipping,
            shopId,
            skuId: o.skuId,
            supplyPrice: o.supplyPrice,
            currency: 'CNY',
            active: true,
            ...at,
          })),
        )
        .onConflictDoNothing();
    });
  },
};
