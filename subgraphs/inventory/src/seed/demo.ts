import { count } from 'drizzle-orm';
import { DEMO_CROSS_BORDER_SHOP, DEMO_CROSS_BORDER_SKU_ID, demoShopId, Prng, seedId, type Db } from '@zhongtai/kit';
import { stockLevels, stockMovements, warehouses } from '../db/tables.ts';

const SEED = 20250104;
const SET_UP = new Date(Date.UTC(2024, 11, 5, 2, 0, 0));

/**
 * Demo SKU ids, derived as catalog's seed derives them (subgraphs/catalog/src/seed/data/build.ts):
 * SKUs are numbered `seedId('sku', n)` from 1 across shops 1..6 in order, so each shop's SKUs are
 * one contiguous range. These are the first numbers of each shop's range with that catalog seed;
 * the first 40 SKUs of every shop are physical goods. tests/inventory.test.ts ("seeds stock for the
 * demo SKUs of catalog") checks both against catalog's quotes, so a change of catalog's demo data fails a test instead of seeding stock
 * for the wrong shop. Nothing of catalog is imported at runtime.
 */
export const DEMO_SKU_RANGES: { shop: number; firstSku: number }[] = [
  { shop: 1, firstSku: 1 },
  { shop: 2, firstSku: 177 },
  { shop: 3, firstSku: 440 },
  { shop: 4, firstSku: 540 },
  { shop: 5, firstSku: 614 },
  { shop: 6, firstSku: 835 },
];
export const STOCKED_PER_SHOP = 40;

export const demoSkus = () =>
  DEMO_SKU_RANGES.flatMap(({ shop, firstSku }) =>
    Array.from({ length: STOCKED_PER_SHOP }, (_, i) => ({ skuId: seedId('sku', firstSku + i), shopId: demoShopId(shop) })),
  );

const WAREHOUSES = [
  {
    code: 'PL-SH-01',
    name: '上海青浦中心仓 Shanghai Qingpu DC',
    province: '上海',
    city: '上海',
    address: '青浦区华新镇华腾路 1288 号',
    shop: null,
    priority: 10,
  },
  {
    code: 'PL-GZ-01',
    name: '广州白云中心仓 Guangzhou Baiyun DC',
    province: '广东',
    city: '广州',
    address: '白云区太和镇物流园 8 号库',
    shop: null,
    priority: 20,
  },
  {
    code: 'PL-CD-01',
    name: '成都双流区域仓 Chengdu Shuangliu RDC',
    province: '四川',
    city: '成都',
    address: '双流区西航港大道 66 号',
    shop: null,
    priority: 30,
  },
  { code: 'S1-SZ-01', name: '深圳龙岗自营仓 Shenzhen Longgang', province: '广东', city: '深圳', address: '龙岗区坂田街道华为基地 B 区', shop: 1, priority: 5 },
  { code: 'S2-HZ-01', name: '杭州余杭自营仓 Hangzhou Yuhang', province: '浙江', city: '杭州', address: '余杭区仓前街道文一西路 969 号', shop: 2, priority: 5 },
] as const;

/**
 * 跨境: the cross-border shop's bonded warehouse (保税仓; the model has no bonded flag, its name says
 * it), holding only the demo cross-border SKU. Added after the warehouses above and their stock so
 * their ids and draws stay as they were.
 */
const BONDED_WAREHOUSE = {
  code: 'S3-NB-BS01',
  name: '宁波保税区跨境仓 Ningbo Bonded Zone (保税)',
  province: '浙江',
  city: '宁波',
  address: '北仑区保税区港东大道 8 号 跨境电商监管中心',
  shop: DEMO_CROSS_BORDER_SHOP,
  priority: 5,
} as const;
export const DEMO_CROSS_BORDER_STOCK = { skuId: DEMO_CROSS_BORDER_SKU_ID, shopId: demoShopId(DEMO_CROSS_BORDER_SHOP), onHand: 600, safetyStock: 20 };

/** Demo warehouses and stock; every unit arrives through a SEED movement, so the ledger check holds. */
export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(warehouses);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const prng = new Prng(SEED);
    const warehouseRows = WAREHOUSES.map((w, i) => ({
      id: seedId('wh', i + 1),
      code: w.code,
      name: w.name,
      province: w.province,
      city: w.city,
      address: w.address,
      shopId: w.shop ? demoShopId(w.shop) : null,
      priority: w.priority,
      createdAt: SET_UP,
      updatedAt: SET_UP,
    }));
    const levels: (typeof stockLevels.$inferInsert)[] = [];
    const movements: (typeof stockMovements.$inferInsert)[] = [];
    for (const { skuId, shopId } of demoSkus()) {
      for (const warehouse of warehouseRows) {
        if (warehouse.shopId ? warehouse.shopId !== shopId : prng.chance(0.3)) continue;
        const onHand = prng.int(0, 240);
        const id = seedId('stk', levels.length + 1);
        levels.push({
          id,
          skuId,
          warehouseId: warehouse.id,
          shopId,
          onHand,
          reserved: 0,
          safetyStock: prng.pick([5, 10, 20]),
          createdAt: SET_UP,
          updatedAt: SET_UP,
        });
        if (onHand > 0) movements.push(openingMovement(movements.length + 1, { id, skuId, warehouseId: warehouse.id, shopId, onHand }));
      }
    }
    const bonded = {
      id: seedId('wh', warehouseRows.length + 1),
      code: BONDED_WAREHOUSE.code,
      name: BONDED_WAREHOUSE.name,
      province: BONDED_WAREHOUSE.province,
      city: BONDED_WAREHOUSE.city,
      address: BONDED_WAREHOUSE.address,
      shopId: demoShopId(BONDED_WAREHOUSE.shop),
      priority: BONDED_WAREHOUSE.priority,
      createdAt: SET_UP,
      updatedAt: SET_UP,
    };
    const { skuId, shopId, onHand, safetyStock } = DEMO_CROSS_BORDER_STOCK;
    const bondedLevel = seedId('stk', levels.length + 1);
    levels.push({ id: bondedLevel, skuId, warehouseId: bonded.id, shopId, onHand, reserved: 0, safetyStock, createdAt: SET_UP, updatedAt: SET_UP });
    movements.push(openingMovement(movements.length + 1, { id: bondedLevel, skuId, warehouseId: bonded.id, shopId, onHand }));
    await db.transaction(async (tx) => {
      await tx
        .insert(warehouses)
        .values([...warehouseRows, bonded])
        .onConflictDoNothing();
      await tx.insert(stockLevels).values(levels).onConflictDoNothing();
      await tx.insert(stockMovements).values(movements).onConflictDoNothing();
    });
  },
};

/** The movement that puts a stock level's opening units on hand (the ledger's first line). */
function openingMovement(
  n: number,
  level: { id: string; skuId: string; warehouseId: string; shopId: string; onHand: number },
): typeof stockMovements.$inferInsert {
  return {
    id: seedId('mov', n),
    stockLevelId: level.id,
    skuId: level.skuId,
    warehouseId: level.warehouseId,
    shopId: level.shopId,
    type: 'INBOUND',
    onHandDelta: level.onHand,
    reservedDelta: 0,
    onHandAfter: level.onHand,
    reservedAfter: 0,
    referenceType: 'SEED',
    referenceId: 'demo-opening-stock',
    actor: 'system:seed',
    createdAt: SET_UP,
  };
}
