import { demoShopId, seedId, type Prng } from '@zhongtai/kit';
import type { brands, categories, skus, spus, spuStatusChanges, SpuStatus } from '../db/tables.ts';
import { BRANDS, CATEGORY_TREE, type CategorySeed } from './categories.ts';
import { ASSORTMENTS, type ProductLine } from './products.ts';
import { demoVariants, shopPrice } from './variants.ts';

type CategoryInsert = typeof categories.$inferInsert;
type SpuInsert = typeof spus.$inferInsert;
type SkuInsert = typeof skus.$inferInsert;
type StatusChangeInsert = typeof spuStatusChanges.$inferInsert;

const DAY = 86_400_000;
const CATALOG_SET_UP = Date.UTC(2024, 11, 2, 1, 0, 0);
const YEAR_2025 = Date.UTC(2025, 0, 1, 0, 0, 0);
const OFF_SHELF_REASONS = ['季节性下架 Seasonal', '包装升级 Packaging update', '清仓结束 Clearance ended', '等待补货 Awaiting restock'];

/** The tree with deterministic ids, parents before children (one insert satisfies the self FK). */
export function buildCategories(): { rows: CategoryInsert[]; idOf: Map<string, string> } {
  const rows: CategoryInsert[] = [];
  const idOf = new Map<string, string>();
  const visit = (nodes: CategorySeed[], parent: CategoryInsert | null) =>
    nodes.forEach((node, position) => {
      const id = seedId('cat', rows.length + 1);
      const at = new Date(CATALOG_SET_UP + rows.length * 60_000);
      const row: CategoryInsert = { id, parentId: parent?.id ?? null, name: node.name, path: `${parent?.path ?? '/'}${id}/`, depth: (parent?.depth ?? 0) + 1, position, createdAt: at, updatedAt: at };
      rows.push(row);
      idOf.set(node.key, id);
      visit(node.children ?? [], row);
    });
  visit(CATEGORY_TREE, null);
  return { rows, idOf };
}

export function buildBrands(): { rows: (typeof brands.$inferInsert)[]; idOf: Map<string, string> } {
  const at = new Date(CATALOG_SET_UP + DAY);
  const rows = BRANDS.map((b, i) => ({ id: seedId('brd', i + 1), name: b.name, logoUrl: `https://img.zhongtai.example/brands/${b.key}.png`, createdAt: at, updatedAt: at }));
  return { rows, idOf: new Map(BRANDS.map((b, i) => [b.key, rows[i]!.id])) };
}

export interface DemoProducts {
  spus: SpuInsert[];
  skus: SkuInsert[];
  statusChanges: StatusChangeInsert[];
}

/** Every shop's assortment: 1..12 SKUs per product, most on sale, listed over 2025. */
export function buildProducts(prng: Prng, categoryIdOf: Map<string, string>, brandIdOf: Map<string, string>): DemoProducts {
  const out: DemoProducts = { spus: [], skus: [], statusChanges: [] };
  ASSORTMENTS.forEach((assortment, s) => {
    const shopId = demoShopId(s + 1);
    let shopSpuNo = 0;
    for (const line of assortment.lines) {
      for (const model of line.models) {
        const [name, yuan] = typeof model === 'string' ? [model, line.yuan * (0.85 + prng.next() * 0.3)] : model;
        addProduct(prng, out, { shopId, line, name: `${line.prefix ?? ''}${name}`, yuan, code: `${assortment.codePrefix}-${String(++shopSpuNo).padStart(4, '0')}` }, categoryIdOf, brandIdOf);
      }
    }
  });
  return out;
}

interface DemoProduct {
  shopId: string;
  line: ProductLine;
  name: string;
  yuan: number;
  code: string;
}

function addProduct(prng: Prng, out: DemoProducts, p: DemoProduct, categoryIdOf: Map<string, string>, brandIdOf: Map<string, string>): void {
  const id = seedId('spu', out.spus.length + 1);
  const createdAt = new Date(YEAR_2025 + prng.int(0, 320) * DAY + prng.int(1, 14) * 3_600_000);
  const roll = prng.next();
  const status: SpuStatus = roll < 0.1 ? 'DRAFT' : roll < 0.2 ? 'OFF_SHELF' : 'ON_SALE';
  const actor = `merchant:${p.shopId}`;
  const changes: StatusChangeInsert[] = [{ id: '', spuId: id, fromStatus: null, toStatus: 'DRAFT', actor, createdAt }];
  let last = createdAt;
  if (status !== 'DRAFT') {
    last = new Date(last.getTime() + prng.int(1, 3) * DAY);
    changes.push({ id: '', spuId: id, fromStatus: 'DRAFT', toStatus: 'ON_SALE', reason: '首次上架 First listing', actor, createdAt: last });
  }
  if (status === 'OFF_SHELF') {
    last = new Date(last.getTime() + prng.int(10, 40) * DAY);
    changes.push({ id: '', spuId: id, fromStatus: 'ON_SALE', toStatus: 'OFF_SHELF', reason: prng.pick(OFF_SHELF_REASONS), actor, createdAt: last });
  }
  for (const change of changes) out.statusChanges.push({ ...change, id: seedId('spc', out.statusChanges.length + 1) });

  out.spus.push({
    id,
    shopId: p.shopId,
    categoryId: categoryIdOf.get(p.line.category)!,
    brandId: p.line.brand ? brandIdOf.get(p.line.brand)! : null,
    name: p.name,
    description: p.line.description,
    productType: p.line.productType ?? 'PHYSICAL',
    status,
    createdAt,
    updatedAt: last,
  });
  demoVariants(prng, p.line.kind, p.yuan).forEach((variant, position) => {
    out.skus.push({
      id: seedId('sku', out.skus.length + 1),
      spuId: id,
      shopId: p.shopId,
      code: `${p.code}-${String(position + 1).padStart(2, '0')}`,
      salesAttributes: variant.salesAttributes,
      priceAmount: shopPrice(variant.priceYuan),
      priceCurrency: 'CNY',
      position,
      // The first variant always sells, so every product on sale can be bought.
      status: position > 0 && prng.chance(0.05) ? 'INACTIVE' : 'ACTIVE',
      createdAt,
      updatedAt: createdAt,
    });
  });
}
