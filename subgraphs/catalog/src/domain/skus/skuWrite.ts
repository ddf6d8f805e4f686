import { newId, type Db, type RequestContext } from '@zhongtai/kit';
import { skus, type SkuRow, type SpuRow } from '../../db/tables.ts';
import { SKU_ID_PREFIX } from '../ids.ts';
import { recordAppliedPrices } from '../prices/prices.ts';
import type { ValidSku } from './skuRules.ts';

/** Inserts new SKUs of a product in the caller's transaction, each with its first price-history line. */
export async function insertSkus(
  db: Db,
  ctx: RequestContext,
  spu: Pick<SpuRow, 'id' | 'shopId'>,
  variants: (ValidSku & { position: number })[],
): Promise<SkuRow[]> {
  if (!variants.length) return [];
  const rows = await db
    .insert(skus)
    .values(variants.map((v) => ({ ...v, id: newId(SKU_ID_PREFIX), spuId: spu.id, shopId: spu.shopId })))
    .returning();
  await recordAppliedPrices(
    db,
    ctx,
    rows.map((sku) => ({ sku, next: {} })),
    'CREATED',
  );
  return rows;
}
