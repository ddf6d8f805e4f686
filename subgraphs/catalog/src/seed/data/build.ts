import { DEMO_CROSS_BORDER_SKU_ID, demoShopId, Prng, seedId } from '@zhongtai/kit';
import type { attributeDefinitions, brands, categories, priceChanges, skus, spus, spuStatusChanges, SpuStatus } from '../../db/tables.ts';
import { ATTRIBUTE_SEEDS, demoAttributes } from './attributes.ts';
import { demoPricing } from './measures.ts';
import { BRANDS, CATEGORY_TREE, type CategorySeed } from './categories.ts';
import { ASSORTMENTS, CROSS_BORDER_PRODUCT, type ProductLine } from './products.ts';
import { demoVariants, shopPrice } from './variants.ts';

type CategoryInsert = typeof categories.$inferInsert;
type SpuInsert = typeof spus.$inferInsert;
type SkuInsert = typeof skus.$inferInsert;
type StatusChangeInsert = typeof spuStatusChanges.$inferInsert;

const DAY = 86_400_000;
const EXTRA_SEED = 20250618;
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
      const row: CategoryInsert = {
        id,
        parentId: parent?.id ?? null,
        name: node.name,
        path: `${parent?.path ?? '/'}${id}/`,
        depth: (parent?.depth ?? 0) + 1,
        position,
        createdAt: at,
        updatedAt: at,
      };
      rows.push(row);
      idOf.set(node.key, id);
      visit(node.children ?? [], row);
    });
  visit(CATEGORY_TREE, null);
  return { rows, idOf };
}

export function buildBrands(): { rows: (typeof brands.$inferInsert)[]; idOf: Map<string, string> } {
  const at = new Date(CATALOG_SET_UP + DAY);
  const rows = BRANDS.map((b, i) => ({
    id: seedId('brd', i + 1),
    name: b.name,
    logoUrl: `https://img.zhongtai.example/brands/${b.key}.png`,
    createdAt: at,
    updatedAt: at,
  }));
  return { rows, idOf: new Map(BRANDS.map((b, i) => [b.key, rows[i]!.id])) };
}

export interface DemoProducts {
  spus: SpuInsert[];
  skus: SkuInsert[];
  statusChanges: StatusChangeInsert[];
  priceChanges: (typeof priceChanges.$inferInsert)[];
}

/** The demo attribute definitions, ids in declaration order. */
export function buildAttributeDefinitions(categoryIdOf: Map<string, string>): (typeof attributeDefinitions.$inferInsert)[] {
  const at = new Date(CATALOG_SET_UP + DAY / 2);
  return ATTRIBUTE_SEEDS.map((a, i) => ({
    id: seedId('atr', i + 1),
    categoryId: categoryIdOf.get(a.category)!,
    name: a.name,
    kind: a.kind,
    required: a.required ?? false,
    allowedValues: a.values ?? [],
    position: i,
    createdAt: at,
    updatedAt: at,
  }));
}

/** Every shop's assortment: 1..12 SKUs per product, most on sale, listed over 2025. */
export function buildProducts(prng: Prng, categoryIdOf: Map<string, string>, brandIdOf: Map<string, string>): DemoProducts {
  const out: DemoProducts = { spus: [], skus: [], statusChanges: [], priceChanges: [] };
  // Prices and parcels beyond the sale price come from their own sequence: the original draws stay put.
  const extra = new Prng(EXTRA_SEED);
  ASSORTMENTS.forEach((assortment, s) => {
    const shopId = demoShopId(s + 1);
    let shopSpuNo = 0;
    for (const line of assortment.lines) {
      for (const model of line.models) {
        const [name, yuan] = typeof model === 'string' ? [model, line.yuan * (0.85 + prng.next() * 0.3)] : model;
        addProduct(
          prng,
          extra,
          out,
          { shopId, line, name: `${line.prefix ?? ''}${name}`, yuan, code: `${assortment.codePrefix}-${String(++shopSpuNo).padStart(4, '0')}` },
          categoryIdOf,
          brandIdOf,
        );
      }
    }
  });
  addCrossBorderProduct(out, categoryIdOf);
  return out;
}

/** The cross-border product (products.ts), numbered after every other: one SKU, on sale since its listing. */
function addCrossBorderProduct(out: DemoProducts, categoryIdOf: Map<string, string>): void {
  const p = CROSS_BORDER_PRODUCT;
  const shopId = demoShopId(p.shop);
  const id = seedId('spu', out.spus.length + 1);
  const skuId = seedId('sku', out.skus.length + 1);
  // Inventory's seed and the demo orders know it by this id (kit's demo.ts): a change of the demo data before it must say so.
  if (skuId !== DEMO_CROSS_BORDER_SKU_ID)
    throw new Error(`the demo cross-border SKU would be ${skuId}, not DEMO_CROSS_BORDER_SKU_ID ${DEMO_CROSS_BORDER_SKU_ID}: update packages/kit/src/demo.ts`);
  const assortment = ASSORTMENTS[p.shop - 1];
  const categoryId = categoryIdOf.get(p.category);
  if (!assortment || !categoryId) throw new Error(`the demo cross-border product names shop ${p.shop} or category ${p.category}, which the demo data lacks`);
  const code = `${assortment.codePrefix}-${String(assortment.lines.reduce((n, line) => n + line.models.length, 0) + 1).padStart(4, '0')}`;
  const createdAt = new Date(p.createdAt);
  const listedAt = new Date(p.listedAt);
  const actor = `merchant:${shopId}`;
  for (const change of [
    { fromStatus: null, toStatus: 'DRAFT' as const, reason: null, createdAt },
    { fromStatus: 'DRAFT' as const, toStatus: 'ON_SALE' as const, reason: '首次上架 First listing', createdAt: listedAt },
  ])
    out.statusChanges.push({ id: seedId('spc', out.statusChanges.length + 1), spuId: id, actor, ...change });
  out.spus.push({
    id,
    shopId,
    categoryId,
    brandId: p.brand,
    name: p.name,
    description: p.description,
    productType: 'PHYSICAL',
    attributes: p.attributes.map((a) => ({ ...a })),
    mediaUrls: [`https://img.zhongtai.example/products/${code}/main.jpg`, `https://img.zhongtai.example/products/${code}/detail-1.jpg`],
    priceCurrency: 'CNY',
    minSalePriceAmount: p.priceAmount,
    status: 'ON_SALE',
    createdAt,
    updatedAt: listedAt,
  });
  out.priceChanges.push(
    openingPrice(out.priceChanges.length + 1, { skuId, shopId, sale: p.priceAmount, list: p.listPriceAmount, cost: p.costPriceAmount, actor, createdAt }),
  );
  out.skus.push({
    id: skuId,
    spuId: id,
    shopId,
    code: `${code}-01`,
    barcode: `69${String(out.skus.length + 1).padStart(11, '0')}`,
    salesAttributes: p.salesAttributes.map((a) => ({ ...a })),
    priceAmount: p.priceAmount,
    listPriceAmount: p.listPriceAmount,
    costPriceAmount: p.costPriceAmount,
    priceCurrency: 'CNY',
    weightGrams: p.weightGrams,
    volumeCm3: p.volumeCm3,
    crossBorderMode: p.crossBorderMode,
    position: 0,
    status: 'ACTIVE',
    createdAt,
    updatedAt: createdAt,
  });
}

interface DemoProduct {
  shopId: string;
  line: ProductLine;
  name: string;
  yuan: number;
  code: string;
}

function addProduct(prng: Prng, extra: Prng, out: DemoProducts, p: DemoProduct, categoryIdOf: Map<string, string>, brandIdOf: Map<string, string>): void {
  const id = seedId('spu', out.spus.length + 1);
  const createdAt = new Date(YEAR_2025 + prng.int(0, 320) * DAY + prng.int(1, 14) * 3_600_000);
  const roll = prng.next();
  let status: SpuStatus = roll < 0.1 ? 'DRAFT' : roll < 0.2 ? 'OFF_SHELF' : 'ON_SALE';
  const actor = `merchant:${p.shopId}`;
  const changes: StatusChangeInsert[] = [{ id: '', spuId: id, fromStatus: null, toStatus: 'DRAFT', actor, createdAt }];
  let last = createdAt;
  if (status !== 'DRAFT') {
    last = new Date(last.getTime() + prng.int(1, 3) * DAY);
    changes.push({ id: '', spuId: id, fromStatus: 'DRAFT', toStatus: 'ON_SALE', reason: '首次上架 First listing', actor, createdAt: last });
  }
  // Half the drafts wait in the operators' review queue.
  if (status === 'DRAFT' && extra.chance(0.5)) {
    status = 'PENDING_REVIEW';
    last = new Date(last.getTime() + extra.int(1, 48) * 3_600_000);
    changes.push({ id: '', spuId: id, fromStatus: 'DRAFT', toStatus: 'PENDING_REVIEW', reason: '提交审核 Submitted', actor, createdAt: last });
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
    attributes: demoAttributes(p.line.category, p.name, p.code, (items) => extra.pick(items)),
    mediaUrls: [`https://img.zhongtai.example/products/${p.code}/main.jpg`, `https://img.zhongtai.example/products/${p.code}/detail-1.jpg`],
    priceCurrency: 'CNY',
    status,
    createdAt,
    updatedAt: last,
  });
  const first = out.skus.length;
  demoVariants(prng, p.line.kind, p.yuan).forEach((variant, position) => {
    const priceAmount = shopPrice(variant.priceYuan);
    const skuId = seedId('sku', out.skus.length + 1);
    const pricing = demoPricing(extra, p.line.kind, variant.priceYuan, priceAmount);
    out.priceChanges.push(
      openingPrice(out.priceChanges.length + 1, {
        skuId,
        shopId: p.shopId,
        sale: priceAmount,
        list: pricing.listPriceAmount,
        cost: pricing.costPriceAmount,
        actor,
        createdAt,
      }),
    );
    out.skus.push({
      ...pricing,
      barcode: `69${String(out.skus.length + 1).padStart(11, '0')}`,
      id: skuId,
      spuId: id,
      shopId: p.shopId,
      code: `${p.code}-${String(position + 1).padStart(2, '0')}`,
      salesAttributes: variant.salesAttributes,
      priceAmount,
      priceCurrency: 'CNY',
      position,
      // The first variant always sells, so every product on sale can be bought.
      status: position > 0 && prng.chance(0.05) ? 'INACTIVE' : 'ACTIVE',
      createdAt,
      updatedAt: createdAt,
    });
  });
  // The denormalised 'from' price, as refreshMinSalePrice keeps it.
  const own = out.skus.slice(first);
  const active = own.filter((s) => s.status === 'ACTIVE');
  out.spus.at(-1)!.minSalePriceAmount = (active.length ? active : own).reduce((min, s) => (s.priceAmount < min ? s.priceAmount : min), own[0]!.priceAmount);
}

/** A SKU's first price: applied at its creation, by whoever created it. */
function openingPrice(
  n: number,
  price: { skuId: string; shopId: string; sale: bigint; list: bigint | null; cost: bigint | null; actor: string; createdAt: Date },
): typeof priceChanges.$inferInsert {
  return {
    id: seedId('prc', n),
    skuId: price.skuId,
    shopId: price.shopId,
    currency: 'CNY',
    salePriceAmount: price.sale,
    listPriceAmount: price.list,
    costPriceAmount: price.cost,
    status: 'APPLIED',
    source: 'CREATED',
    effectiveAt: price.createdAt,
    appliedAt: price.createdAt,
    actor: price.actor,
    createdAt: price.createdAt,
    updatedAt: price.createdAt,
  };
}
