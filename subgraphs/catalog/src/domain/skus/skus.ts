import { and, asc, eq, ilike, inArray, ne, type SQL } from 'drizzle-orm';
import {
  containsPattern,
  toMoney,
  type ConnectionArgs,
  type CurrencyCode,
  type Money,
  type RequestContext,
  type SortDirection,
  listTable,
  rowById,
  can,
  loadScoped,
  scopedWhere,
  visibleOrNull,
  rowsByParent,
} from '@zhongtai/kit';
import { loadSpu } from '../spus/spus.ts';
import { skuTenancy, spuTenancy } from '../tenancy.ts';
import { skus, type SkuRow, type SkuStatus, type SpuRow } from '../../db/tables.ts';
import { SKU_ID_PREFIX } from '../ids.ts';

export interface SkuFilter {
  shopId?: string | null;
  spuId?: string | null;
  status?: SkuStatus | null;
  keyword?: string | null;
}

export interface SkuSort {
  field: 'CREATED_AT' | 'CODE';
  direction: SortDirection;
}

export const DEFAULT_SKU_SORT: SkuSort = { field: 'CREATED_AT', direction: 'DESC' };

export function skuPrice(row: Pick<SkuRow, 'priceAmount' | 'priceCurrency'>): Money {
  return toMoney(row.priceAmount, row.priceCurrency as CurrencyCode);
}

export function listSkus(ctx: RequestContext, args: ConnectionArgs, filter: SkuFilter = {}, sort: SkuSort = DEFAULT_SKU_SORT) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, skuTenancy, filter)];
  if (filter.spuId) conditions.push(eq(skus.spuId, filter.spuId));
  if (filter.status) conditions.push(eq(skus.status, filter.status));
  const pattern = containsPattern(filter.keyword);
  if (pattern) conditions.push(ilike(skus.code, pattern));
  const byCode = sort.field === 'CODE';
  return listTable(ctx.db, skus, args, { where: and(...conditions), sort: { column: byCode ? skus.code : skus.createdAt, direction: sort.direction } });
}

/** Batched by id for the whole request; no access check. */
export function loadSku(ctx: RequestContext, id: string): Promise<SkuRow | null> {
  return rowById(ctx, 'catalog.skuById', skus, SKU_ID_PREFIX, id);
}

/** `sku(id)`: another merchant's SKU is FORBIDDEN, not hidden. */
export async function findSku(ctx: RequestContext, id: string): Promise<SkuRow | null> {
  return loadScoped(ctx, skuTenancy, loadSku(ctx, id), 'read');
}

/** A reference from another center (an order line): visible to its shop, and to anyone once its product is public. */
export async function resolveSkuReference(ctx: RequestContext, id: string): Promise<SkuRow | null> {
  const row = await loadSku(ctx, id);
  if (!row || can(ctx, skuTenancy, row, 'view')) return row;
  return visibleOrNull(ctx, spuTenancy, await loadSpu(ctx, row.spuId)) ? row : null;
}

/**
 * The SKUs of a product in the merchant's order; a page of products loads its SKUs in one
 * query. Outside the shop only ACTIVE variants show: an inactive one cannot be bought.
 */
export async function skusOfSpu(ctx: RequestContext, spu: SpuRow): Promise<SkuRow[]> {
  const rows = await rowsByParent(ctx, 'catalog.skusBySpu', skus, { parent: skus.spuId, orderBy: [asc(skus.spuId), asc(skus.position), asc(skus.id)] }, spu.id);
  return can(ctx, spuTenancy, spu, 'read') ? rows : rows.filter((row) => row.status === 'ACTIVE');
}

/** Which of `codes` other SKUs of the shop already use. */
export async function takenCodes(ctx: RequestContext, shopId: string, codes: string[], exceptSkuId?: string): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await ctx.db
    .select({ code: skus.code })
    .from(skus)
    .where(and(eq(skus.shopId, shopId), inArray(skus.code, codes), exceptSkuId ? ne(skus.id, exceptSkuId) : undefined));
  return new Set(rows.map((r) => r.code));
}
