import { type Prng } from '@zhongtai/kit';
import type { VariantKind } from './variants.ts';
import { shopPrice } from './variants.ts';

/** Typical parcel of one unit per kind of product: [grams, cm³]. Services ship nothing. */
const MEASURES: Record<VariantKind, readonly [number, number]> = {
  phone: [220, 1200],
  laptop: [1500, 5500],
  tablet: [550, 2200],
  watch: [60, 600],
  color: [400, 3000],
  apparel: [300, 2500],
  kids: [200, 1800],
  shoes: [900, 9000],
  food: [250, 900],
  furniture: [15000, 200000],
  bedding: [1500, 20000],
  servicePlan: [0, 0],
  serviceTier: [0, 0],
  airConditioner: [35000, 250000],
  single: [800, 6000],
};

export interface DemoPricing {
  listPriceAmount: bigint;
  costPriceAmount: bigint;
  weightGrams: number;
  volumeCm3: number;
}

/**
 * List price 10-35 % above the sale price, cost 45-70 % of it, the kind's parcel ±15 %. Drawn from
 * its own Prng so the original demo data (statuses, sale prices) stays what it was.
 */
export function demoPricing(prng: Prng, kind: VariantKind, priceYuan: number, sale: bigint): DemoPricing {
  const list = shopPrice(priceYuan * (1.1 + prng.next() * 0.25));
  const cost = ((sale * BigInt(45 + prng.int(0, 25))) / 10000n) * 100n;
  const [grams, cm3] = MEASURES[kind];
  const spread = 0.85 + prng.next() * 0.3;
  return { listPriceAmount: list > sale ? list : sale, costPriceAmount: cost, weightGrams: Math.round(grams * spread), volumeCm3: Math.round(cm3 * spread) };
}
