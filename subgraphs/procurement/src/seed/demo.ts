import { count } from 'drizzle-orm';
import { demoShopId, seedId, type Db } from '@zhongtai/kit';
import { purchaseOrderLines, purchaseOrders, replenishmentSuggestions, supplyTerms } from '../db/purchaseTables.ts';
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

/**
 * 供货条款 of demo shop 1's first warehouse-stocked SKUs (inventory stocks SKUs 1..40 of shop 1 in
 * the platform warehouse wh 1): two suppliers compete on SKUs 1 and 2 (one cheaper, one faster).
 */
export const DEMO_SUPPLY_TERMS = [
  { supplier: 1, sku: 1, unitPrice: 420_000n, leadTimeDays: 7, minOrderQuantity: 10 },
  { supplier: 1, sku: 2, unitPrice: 455_000n, leadTimeDays: 7, minOrderQuantity: 10 },
  { supplier: 1, sku: 3, unitPrice: 380_000n, leadTimeDays: 5, minOrderQuantity: 10 },
  { supplier: 1, sku: 4, unitPrice: 39_900n, leadTimeDays: 5, minOrderQuantity: 20 },
  { supplier: 3, sku: 1, unitPrice: 436_000n, leadTimeDays: 2, minOrderQuantity: 5 },
  { supplier: 3, sku: 2, unitPrice: 470_000n, leadTimeDays: 2, minOrderQuantity: 5 },
];

/** Suppliers of the demo merchant's shop (one shipping, one suspended, one wholesaler), their terms, a suggestion and a draft order. */
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
          {
            id: seedId('sup', 3),
            shopId,
            code: 'SH-WH-01',
            name: '上海数码批发 Shanghai Digital Wholesale',
            contactName: '周敏',
            contactPhone: '02162001234',
            status: 'ACTIVE',
            ...at,
          },
        ])
        .onConflictDoNothing();
      await tx
        .insert(supplyTerms)
        .values(
          DEMO_SUPPLY_TERMS.map((t, i) => ({
            id: seedId('spt', i + 1),
            supplierId: seedId('sup', t.supplier),
            shopId,
            skuId: seedId('sku', t.sku),
            unitPrice: t.unitPrice,
            currency: 'CNY',
            leadTimeDays: t.leadTimeDays,
            minOrderQuantity: t.minOrderQuantity,
            ...at,
          })),
        )
        .onConflictDoNothing();
      // As the formula computed it when seeded: ceil(45 / 30 × 5) + 10 − 6 − 0 = 12 (≥ the minimum of 10).
      await tx
        .insert(replenishmentSuggestions)
        .values({
          id: seedId('rpl', 1),
          shopId,
          skuId: seedId('sku', 3),
          warehouseId: seedId('wh', 1),
          supplierId: shipping,
          quantity: 12,
          soldLast30Days: 45,
          leadTimeDays: 5,
          safetyStock: 10,
          available: 6,
          onOrder: 0,
          minOrderQuantity: 10,
          ...at,
        })
        .onConflictDoNothing();
      const poId = seedId('pur', 1);
      await tx
        .insert(purchaseOrders)
        .values({ id: poId, shopId, supplierId: shipping, warehouseId: seedId('wh', 1), currency: 'CNY', totalAmount: 20n * 39_900n, leadTimeDays: 5, ...at })
        .onConflictDoNothing();
      await tx
        .insert(purchaseOrderLines)
        .values({ id: seedId('pul', 1), purchaseOrderId: poId, skuId: seedId('sku', 4), quantity: 20, unitPrice: 39_900n })
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
