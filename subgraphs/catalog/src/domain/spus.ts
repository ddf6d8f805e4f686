import { and, asc, count, eq, exists, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import { anyOf, containsPattern, isId, paginate, parseMoney, Problems, badUserInput, type MoneyInput, type ConnectionArgs, type RequestContext, type SortDirection, assertCan, loadScoped, scopedWhere, visibleOrNull } from '@zhongtai/kit';
import { spuTenancy } from './tenancy.ts';
import { skus, spus, spuStatusChanges, type ProductType, type SpuRow, type SpuStatus, type SpuStatusChangeRow } from '../db/tables.ts';
import { inCategorySubtree } from './categories.ts';
import { SPU_ID_PREFIX } from './ids.ts';

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
  CREATED_AT: { column: spus.createdAt, value: (row: SpuRow) => row.createdAt },
  UPDATED_AT: { column: spus.updatedAt, value: (row: SpuRow) => row.updatedAt },
  NAME: { column: spus.name, value: (row: SpuRow) => row.name },
  PRICE: { column: spus.minSalePriceAmount, value: (row: SpuRow) => row.minSalePriceAmount },
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
  if (pattern) conditions.push(or(ilike(spus.name, pattern), exists(ctx.db.select({ one: skus.id }).from(skus).where(and(eq(skus.spuId, spus.id), ilike(skus.code, pattern))))));
  for (const [key, op] of [['minPrice', gte], ['maxPrice', lte]] as const) {
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
  const key = SORT_KEYS[sort.field];
  return paginate<SpuRow>({
    args,
    idColumn: spus.id,
    sort: { column: key.column, direction: sort.direction, value: key.value },
    where: and(...conditions),
    fetch: (where, orderBy, limit) => ctx.db.select().from(spus).where(where).orderBy(...orderBy).limit(limit),
    count: async (where) => (await ctx.db.select({ n: count() }).from(spus).where(where))[0]?.n ?? 0,
  });
}

/** Batched by id for the whole request; no access check (callers decide what the caller may see). */
export function loadSpu(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  if (!isId(SPU_ID_PREFIX, id)) return Promise.resolve(null);
  return ctx.loaders.byId<SpuRow>('catalog.spuById', (ids) => ctx.db.select().from(spus).where(anyOf(spus.id, ids))).load(id);
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
  return ctx.loaders
    .groupedBy<SpuStatusChangeRow>('catalog.spuStatusChangesBySpu', (row) => row.spuId, (ids) =>
      ctx.db
        .select()
        .from(spuStatusChanges)
        .where(anyOf(spuStatusChanges.spuId, ids))
        .orderBy(asc(spuStatusChanges.seq)),
    )
    .load(spu.id);
}
