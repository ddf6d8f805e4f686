import { bigId, CATALOG_OPENED, type LargeSku, load, prngFor, type Rows, type Stage, type World } from '@zhongtai/kit/largeSeed';
import { stockLevels, stockMovements, warehouses } from '../db/tables.ts';

const OPENED = new Date(CATALOG_OPENED);
const STREAM = 3;

interface Level {
  n: number;
  sku: LargeSku;
  warehouseId: string;
  onHand: number;
  safety: number;
}

/** Every SKU in two platform warehouses, and in its shop's own warehouse when it has one. */
function* levels(world: World): Generator<Level> {
  let n = 0;
  for (const sku of world.skus) {
    const prng = prngFor(STREAM, sku.index);
    const own = sku.spu.shop.warehouseId;
    for (const warehouseId of own ? [own, ...sku.warehouseIds] : sku.warehouseIds) {
      // Stock left after two years of sales: mostly some, a few sold out.
      const onHand = prng.chance(0.04) ? 0 : prng.int(20, 2_000);
      yield { n: n++, sku, warehouseId, onHand, safety: prng.pick([5, 10, 20, 50]) };
    }
  }
}

/**
 * 库存: the big shops' own warehouses and a stock level per SKU and warehouse. Every unit on hand
 * arrives through one opening INBOUND movement (the ledger equals the levels); the two years of
 * sales are not replayed as movements, and nothing is reserved.
 */
export const inventoryStage: Stage<World> = {
  name: 'inventory',
  estimate: (world) => Math.round(world.skus.reduce((n, s) => n + (s.spu.shop.warehouseId ? 3 : 2), 0) * 1.96) + world.scale.ownWarehouses,
  blocks: (world) => [world],
  tables: [
    load(warehouses, function* (world: World): Rows<typeof warehouses> {
      for (const shop of world.shops) {
        if (!shop.warehouseId) continue;
        yield {
          id: shop.warehouseId,
          code: `LS${String(shop.index + 1).padStart(3, '0')}-01`,
          name: `${shop.index + 1} 号店自营仓 Shop ${shop.index + 1} warehouse`,
          province: '浙江',
          city: '嘉兴',
          address: `南湖区物流大道 ${shop.index + 1} 号`,
          shopId: shop.id,
          priority: 5,
          status: 'ACTIVE',
          createdAt: OPENED,
          updatedAt: OPENED,
        };
      }
    }),
    load(stockLevels, function* (world: World): Rows<typeof stockLevels> {
      for (const l of levels(world)) {
        yield {
          id: bigId('stk', l.n),
          skuId: l.sku.id,
          warehouseId: l.warehouseId,
          shopId: l.sku.spu.shop.id,
          onHand: l.onHand,
          reserved: 0,
          safetyStock: l.safety,
          createdAt: OPENED,
          updatedAt: OPENED,
        };
      }
    }),
    load(stockMovements, function* (world: World): Rows<typeof stockMovements> {
      for (const l of levels(world)) {
        if (!l.onHand) continue;
        yield {
          id: bigId('mov', l.n),
          stockLevelId: bigId('stk', l.n),
          skuId: l.sku.id,
          warehouseId: l.warehouseId,
          shopId: l.sku.spu.shop.id,
          type: 'INBOUND',
          onHandDelta: l.onHand,
          reservedDelta: 0,
          onHandAfter: l.onHand,
          reservedAfter: 0,
          referenceType: 'SEED',
          referenceId: 'large-opening-stock',
          actor: 'system:seed',
          createdAt: OPENED,
        };
      }
    }),
  ],
};
