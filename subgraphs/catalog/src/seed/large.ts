import { bigId, type CategoryLeaf, childId, DAY, type LargeSpu, load, type Rows, type Stage, type World } from '@zhongtai/kit/largeSeed';
import { priceChanges, skus, spus, spuStatusChanges } from '../db/tables.ts';
import { buildCategories } from './data/build.ts';
import { CATEGORY_TREE } from './data/categories.ts';

const listedAt = (spu: LargeSpu) => new Date(spu.createdAt.getTime() + DAY);
const shelvedAt = (spu: LargeSpu) => new Date(spu.createdAt.getTime() + 200 * DAY);
const lastChange = (spu: LargeSpu) => (spu.status === 'OFF_SHELF' ? shelvedAt(spu) : listedAt(spu));
const actorOf = (spu: LargeSpu) => `merchant:${spu.shop.id}`;

/** 商品: products and their SKUs, each listed a day after creation (5% off the shelf later), with their price history. */
export const catalogStage: Stage<World> = {
  name: 'catalog',
  estimate: (world) => world.spus.length * 2 + world.skus.length * 2,
  blocks: (world) => [world],
  tables: [
    load(spus, function* (world: World): Rows<typeof spus> {
      for (const spu of world.spus) {
        const active = spu.skus;
        const min = active.reduce((m, s) => (s.price < m ? s.price : m), active[0]!.price);
        yield {
          id: spu.id,
          shopId: spu.shop.id,
          categoryId: spu.categoryId,
          brandId: spu.brandId,
          name: spu.name,
          description: `${spu.name}：生成的压测商品 generated product`,
          productType: 'PHYSICAL',
          status: spu.status,
          attributes: [],
          mediaUrls: [`https://img.zhongtai.example/large/${spu.id}/main.jpg`],
          minSalePriceAmount: min,
          priceCurrency: 'CNY',
          createdAt: spu.createdAt,
          updatedAt: lastChange(spu),
        };
      }
    }),
    load(skus, function* (world: World): Rows<typeof skus> {
      for (const sku of world.skus) {
        yield {
          id: sku.id,
          spuId: sku.spu.id,
          shopId: sku.spu.shop.id,
          code: sku.code,
          salesAttributes: sku.salesAttributes,
          barcode: `69${String(5_000_000_000 + sku.index).padStart(11, '0')}`,
          priceAmount: sku.price,
          listPriceAmount: sku.listPrice,
          costPriceAmount: sku.cost,
          priceCurrency: 'CNY',
          weightGrams: sku.weightGrams,
          volumeCm3: sku.volumeCm3,
          position: sku.position,
          status: 'ACTIVE',
          createdAt: sku.spu.createdAt,
          updatedAt: sku.spu.createdAt,
        };
      }
    }),
    load(spuStatusChanges, function* (world: World): Rows<typeof spuStatusChanges> {
      for (const spu of world.spus) {
        const actor = actorOf(spu);
        yield { id: childId('spc', spu.index, 0), spuId: spu.id, fromStatus: null, toStatus: 'DRAFT', actor, createdAt: spu.createdAt };
        yield {
          id: childId('spc', spu.index, 1),
          spuId: spu.id,
          fromStatus: 'DRAFT',
          toStatus: 'ON_SALE',
          reason: '首次上架 First listing',
          actor,
          createdAt: listedAt(spu),
        };
        if (spu.status === 'OFF_SHELF')
          yield {
            id: childId('spc', spu.index, 2),
            spuId: spu.id,
            fromStatus: 'ON_SALE',
            toStatus: 'OFF_SHELF',
            reason: '季节性下架 Seasonal',
            actor,
            createdAt: shelvedAt(spu),
          };
      }
    }),
    load(priceChanges, function* (world: World): Rows<typeof priceChanges> {
      for (const sku of world.skus) {
        const at = sku.spu.createdAt;
        yield {
          id: bigId('prc', sku.index),
          skuId: sku.id,
          shopId: sku.spu.shop.id,
          currency: 'CNY',
          salePriceAmount: sku.price,
          listPriceAmount: sku.listPrice,
          costPriceAmount: sku.cost,
          status: 'APPLIED',
          source: 'CREATED',
          effectiveAt: at,
          appliedAt: at,
          actor: actorOf(sku.spu),
          createdAt: at,
          updatedAt: at,
        };
      }
    }),
  ],
};

/** Categories that are services (no parcel, no stock): generated products are physical goods. */
const SERVICE_LEAVES = new Set(['care-plans', 'assembly']);

/** The demo tree's leaf categories generated products go into, with their top-level key. */
export function largeSeedCategories(): CategoryLeaf[] {
  const { idOf } = buildCategories();
  const out: CategoryLeaf[] = [];
  for (const top of CATEGORY_TREE)
    for (const mid of top.children ?? [])
      for (const leaf of mid.children ?? []) if (!SERVICE_LEAVES.has(leaf.key)) out.push({ id: idOf.get(leaf.key)!, name: leaf.name, top: top.key });
  return out;
}
