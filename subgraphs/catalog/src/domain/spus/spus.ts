import { and, asc, eq, exists, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import {
  containsPattern,
  isId,
  parseMoney,
  Problems,
  badUserInput,
  type MoneyInput,
  type ConnectionArgs,
  type RequestContext,
  type SortDirection,
  type Connection,
  listTable,
  listTableByGroup,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
  visibleOrNull,
  rowsByParent,
} from '@zhongtai/kit';
import { spuTenancy } from '../tenancy.ts';
import { skus, spus, spuStatusChanges, type ProductType, type SpuRow, type SpuStatus, type SpuStatusChangeRow } from '../../db/tables.ts';
import { inCategorySubtree } from '../categories/categories.ts';
import { SPU_ID_PREFIX } from '../ids.ts';

export interface SpuFilter {
  shopId?: string | null;
  categoryId?: string | null;
  brandId?: string | null;
  status?: SpuStatus | null;
  productType?: ProductType | null;
  /** Matches the product name or any of its SKU codes. */
  keyword?: string | null;
  /** On the product's lowest sale price, in the shops' currency. */
  minPrice?: MoneyInput | null;
  maxPrice?: MoneyInput | null;
}

export interface SpuSort {
  field: 'CREATED_AT' | 'UPDATED_AT' | 'NAME' | 'PRICE';
  direction: SortDirection;
}

export const DEFAULT_SPU_SORT: SpuSort = { field: 'CREATED_AT', direction: 'DESC' };

const SORT_KEYS = {
  CREATED_AT: spus.createdAt,
  UPDATED_AT: spus.updatedAt,
  NAME: spus.name,
  PRICE: spus.minSalePriceAmount,
} as const;

/** Products the caller may read; a merchant naming another shop is refused, not narrowed. */
export async function listSpus(ctx: RequestContext, args: ConnectionArgs, filter: SpuFilter = {}, sort: SpuSort = DEFAULT_SPU_SORT) {
  return pageOfSpus(ctx, args, [scopedWhere(ctx, spuTenancy, filter), ...(await filterConditions(ctx, filter))], sort);
}

/** The filter as SQL, shared by the back-office lists and the storefront. */
export async function filterConditions(ctx: RequestContext, filter: SpuFilter): Promise<(SQL | undefined)[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.categoryId) conditions.push(await inCategorySubtree(ctx, spus.categoryId, filter.categoryId));
  if (filter.brandId) conditions.push(eq(spus.brandId, filter.brandId));
  if (filter.status) conditions.push(eq(spus.status, filter.status));
  if (filter.productType) conditions.push(eq(spus.productType, filter.productType));
  const pattern = containsPattern(filter.keyword);
  // ILIKE compares characters, so 连衣裙 matches inside 法式碎花连衣裙 as 'mate' does inside 'Mate 70'.
  if (pattern)
    conditions.push(
      or(
        ilike(spus.name, pattern),
        exists(
          ctx.db
            .select({ one: skus.id })
            .from(skus)
            .where(and(eq(skus.spuId, spus.id), ilike(skus.code, pattern))),
        ),
      ),
    );
  for (const [key, op] of [
    ['minPrice', gte],
    ['maxPrice', lte],
  ] as const) {
    const bound = filter[key];
    if (!bound) continue;
    const problems = new Problems();
    const amount = parseMoney(bound, problems, ['filter', key]);
    if (amount === undefined) throw badUserInput(problems.errors[0]!.message, ['filter', key]);
    conditions.push(and(eq(spus.priceCurrency, bound.currencyCode), op(spus.minSalePriceAmount, amount)));
  }
  return conditions;
}

export function pageOfSpus(ctx: RequestContext, args: ConnectionArgs, conditions: (SQL | undefined)[], sort: SpuSort = DEFAULT_SPU_SORT) {
  return listTable(ctx.db, spus, args, { where: and(...conditions), sort: { column: SORT_KEYS[sort.field], direction: sort.direction } });
}

/**
 * `Shop.spus`: one shop's products, the same page as `spus(filter: {shopId})`. Under a list of
 * shops the pages of all of them load in one statement (and their counts in one more).
 */
export function spusOfShop(
  ctx: RequestContext,
  shopId: string,
  args: ConnectionArgs,
  filter: Pick<SpuFilter, 'status' | 'keyword'> = {},
  sort: SpuSort = DEFAULT_SPU_SORT,
) {
  scopedWhere(ctx, spuTenancy, { shopId }); // refuses a merchant naming another shop, as listSpus does
  const batch = JSON.stringify([args, filter.status ?? null, filter.keyword ?? null, sort]);
  return ctx.loaders
    .get<string, Connection<SpuRow>>(`catalog.spusOfShop:${batch}`, async (shopIds) => {
      const where = and(...(await filterConditions(ctx, filter)));
      return listTableByGroup(ctx.db, spus, shopIds, args, { where, groupBy: spus.shopId, sort: { column: SORT_KEYS[sort.field], direction: sort.direction } });
    })
    .load(shopId);
}

/** Batched by id for the whole request; no access check (callers decide what the caller may see). */
export function loadSpu(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  return rowById(ctx, 'catalog.spuById', spus, SPU_ID_PREFIX, id);
}

/** `spu(id)`: another merchant's product is FORBIDDEN, not hidden. */
export async function findSpu(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  return loadScoped(ctx, spuTenancy, loadSpu(ctx, id), 'read');
}

/** A reference from another center: resolves to null when the caller may not see the product. */
export async function resolveSpuReference(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  return visibleOrNull(ctx, spuTenancy, await loadSpu(ctx, id));
}

/** Reads an SPU fresh (not from a loader) for a change; records INVALID_ID / NOT_FOUND, throws FORBIDDEN. */
export async function findSpuForChange(ctx: RequestContext, id: string, problems: Problems, field = ['input', 'id']): Promise<SpuRow | undefined> {
  if (!isId(SPU_ID_PREFIX, id)) {
    problems.add(field, 'INVALID_ID', `"${id}" is not a product id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(spus).where(eq(spus.id, id));
  if (!row) problems.add(field, 'NOT_FOUND', `Product ${id} not found`);
  else assertCan(ctx, spuTenancy, row, 'write');
  return row;
}

/** Status changes of a product, oldest first; the histories of a page of products load in one query. */
export function spuStatusHistory(ctx: RequestContext, spu: SpuRow): Promise<SpuStatusChangeRow[]> {
  assertCan(ctx, spuTenancy, spu, 'read');
  return rowsByParent(ctx, 'catalog.spuStatusChangesBySpu', spuStatusChanges, { parent: spuStatusChanges.spuId, orderBy: [asc(spuStatusChanges.seq)] }, spu.id);
}
