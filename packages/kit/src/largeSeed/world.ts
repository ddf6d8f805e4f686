import { seedId } from '../ids.ts';
import { Prng } from '../prng.ts';
import type { Scale } from './scales.ts';
import { bigId } from './ids.ts';
import { DAY, WINDOW_START } from './calendar.ts';

/**
 * The generated world every stage derives its rows from, the same in every process: shops with
 * Zipf-like sizes, their products and SKUs (kept in memory: what an order line copies), the
 * warehouses that stock them and how members are picked. Stages regenerate it instead of reading
 * it back from the database, so a stage can run on its own.
 */
export interface LargeShop {
  index: number;
  id: string;
  /** Share of the products and of the orders: a few big shops hold most. */
  weight: number;
  /** The shop's own warehouse (the biggest shops), else null: it ships from the platform's. */
  warehouseId: string | null;
  spus: LargeSpu[];
}

export interface LargeSpu {
  index: number;
  id: string;
  shop: LargeShop;
  name: string;
  categoryId: string;
  brandId: string | null;
  status: 'ON_SALE' | 'OFF_SHELF';
  createdAt: Date;
  skus: LargeSku[];
}

export interface LargeSku {
  index: number;
  id: string;
  spu: LargeSpu;
  code: string;
  salesAttributes: { name: string; value: string }[];
  price: bigint;
  listPrice: bigint;
  cost: bigint;
  weightGrams: number;
  volumeCm3: number;
  position: number;
  /** Platform warehouses holding it (besides the shop's own). */
  warehouseIds: string[];
}

export interface World {
  scale: Scale;
  shops: LargeShop[];
  spus: LargeSpu[];
  skus: LargeSku[];
  /** The platform warehouses of the demo seed (inventory/src/seed/demo.ts: wh 1..3). */
  platformWarehouseIds: string[];
  pickShop(prng: Prng): LargeShop;
}

const SEED = 20_261_108;
export const CATALOG_OPENED = WINDOW_START - 120 * DAY;
export const PLATFORM_WAREHOUSES = [1, 2, 3].map((n) => seedId('wh', n));
const PRICE_RANGE: Record<string, [number, number]> = { electronics: [99, 8999], apparel: [39, 899], food: [15, 299], home: [19, 3999], sports: [59, 1499] };
const ADJECTIVES = ['经典', '新款', '轻薄', '加厚', '升级版', '旗舰', '简约', '复古', '高端', '家庭装', '便携', '限定'];
const COLORS = ['黑色 Black', '白色 White', '灰色 Grey', '蓝色 Blue', '红色 Red', '绿色 Green', '米色 Beige', '粉色 Pink'];
const SIZES = ['S', 'M', 'L', 'XL', 'XXL', '标准 Standard', '大号 Large', '小号 Small'];

/** 3..8 SKUs, about 5 on average. */
const SKU_COUNTS = [3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 8, 8];

/**
 * A leaf category of the catalog's demo tree that generated products go into, with the key of its
 * top-level category (which decides the price range). The catalog center lists them
 * (`largeSeedCategories`); the world only uses them.
 */
export interface CategoryLeaf {
  id: string;
  name: string;
  top: string;
}

export function buildWorld(scale: Scale, categoryLeaves: readonly CategoryLeaf[]): World {
  const prng = new Prng(SEED);
  const weights = Array.from({ length: scale.shops }, (_, i) => 1 / (i + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  const shops: LargeShop[] = weights.map((w, i) => ({
    index: i,
    id: bigId('shp', i),
    weight: w / total,
    warehouseId: i < scale.ownWarehouses ? bigId('wh', i) : null,
    spus: [],
  }));
  const shopCdf = cumulativeOf(shops.map((s) => s.weight));
  const pickShop = (p: Prng) => shops[searchCdf(shopCdf, p.next())]!;
  const brandCount = 15;
  const spus: LargeSpu[] = [];
  const skus: LargeSku[] = [];
  for (let s = 0; s < scale.spus; s++) {
    // Every shop sells something; the rest follow the shop sizes.
    const shop = s < shops.length ? shops[s]! : pickShop(prng);
    const leaf = categoryLeaves[(shop.index * 7 + prng.int(0, 2)) % categoryLeaves.length]!;
    const [low, high] = PRICE_RANGE[leaf.top]!;
    const baseYuan = low * Math.pow(high / low, prng.next() ** 1.6);
    const spu: LargeSpu = {
      index: s,
      id: bigId('spu', s),
      shop,
      name: `${prng.pick(ADJECTIVES)} ${leaf.name} ${String(shop.spus.length + 1).padStart(4, '0')}`,
      categoryId: leaf.id,
      brandId: prng.chance(0.6) ? seedId('brd', prng.int(1, brandCount)) : null,
      status: prng.chance(0.05) ? 'OFF_SHELF' : 'ON_SALE',
      createdAt: new Date(CATALOG_OPENED + prng.int(0, 100) * DAY + prng.int(0, 86_399) * 1000),
      skus: [],
    };
    const count = prng.pick(SKU_COUNTS);
    const colors = Math.min(count, prng.int(1, 4));
    for (let k = 0; k < count; k++) {
      const priceYuan = Math.round(baseYuan * (1 + (k % 3) * 0.08) * 10) / 10;
      const price = BigInt(Math.max(100, Math.round(priceYuan * 100) - 10)); // ¥x9.9 style
      const sku: LargeSku = {
        index: skus.length,
        id: bigId('sku', skus.length),
        spu,
        code: `L${String(shop.index).padStart(3, '0')}-${String(shop.spus.length + 1).padStart(5, '0')}-${String(k + 1).padStart(2, '0')}`,
        salesAttributes: [
          { name: '颜色 Color', value: COLORS[k % colors]! },
          { name: '规格 Size', value: SIZES[Math.floor(k / colors) % SIZES.length]! },
        ],
        price,
        listPrice: (price * 13n) / 10n,
        cost: (price * 6n) / 10n,
        weightGrams: prng.int(50, 5000),
        volumeCm3: prng.int(100, 30_000),
        position: k,
        warehouseIds: [PLATFORM_WAREHOUSES[0]!, PLATFORM_WAREHOUSES[1 + (skus.length % 2)]!],
      };
      spu.skus.push(sku);
      skus.push(sku);
    }
    shop.spus.push(spu);
    spus.push(spu);
  }
  return { scale, shops, spus, skus, platformWarehouseIds: PLATFORM_WAREHOUSES, pickShop };
}

export function cumulativeOf(weights: number[]): number[] {
  let sum = 0;
  const out = weights.map((w) => (sum += w));
  return out.map((c) => c / sum);
}

export function searchCdf(cdf: number[], u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A per-item PRNG: item `n` of a stream draws the same numbers whichever stage asks. */
export function prngFor(stream: number, n: number): Prng {
  let h = Math.imul(stream ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35);
  h ^= h >>> 13;
  h = Math.imul(h, 0x27d4eb2f);
  return new Prng((h ^ (h >>> 16)) >>> 0);
}
