import { and, asc, count, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import {
  assertShopAccess,
  containsPattern,
  isId,
  paginate,
  shopCondition,
  type ConnectionArgs,
  type Problems,
  type RequestContext,
  type SortDirection,
} from '@zhongtai/kit';
import { spus, spuStatusChanges, type ProductType, type SpuRow, type SpuStatus, type SpuStatusChangeRow } from '../db/tables.ts';
import { inCategorySubtree } from './categories.ts';
import { SPU_ID_PREFIX } from './ids.ts';
import { canSeeProduct } from './visibility.ts';

export interface SpuFilter {
  shopId?: string | null;
  categoryId?: string | null;
  brandId?: string | null;
  status?: SpuStatus | null;
  productType?: ProductType | null;
  keyword?: string | null;
}

export interface SpuSort {
  field: 'CREATED_AT' | 'UPDATED_AT' | 'NAME';
  direction: SortDirection;
}

export const DEFAULT_SPU_SORT: SpuSort = { field: 'CREATED_AT', direction: 'DESC' };

const SORT_KEYS = {
  CREATED_AT: { column: spus.createdAt, value: (row: SpuRow) => row.createdAt },
  UPDATED_AT: { column: spus.updatedAt, value: (row: SpuRow) => row.updatedAt },
  NAME: { column: spus.name, value: (row: SpuRow) => row.name },
} as const;

/** Products the caller may read; a merchant naming another shop is refused, not narrowed. */
export async function listSpus(ctx: RequestContext, args: ConnectionArgs, filter: SpuFilter = {}, sort: SpuSort = DEFAULT_SPU_SORT) {
  const conditions: (SQL | undefined)[] = [shopCondition(ctx, spus.shopId, filter.shopId)];
  if (filter.categoryId) conditions.push(await inCategorySubtree(ctx, spus.categoryId, filter.categoryId));
  if (filter.brandId) conditions.push(eq(spus.brandId, filter.brandId));
  if (filter.status) conditions.push(eq(spus.status, filter.status));
  if (filter.productType) conditions.push(eq(spus.productType, filter.productType));
  const pattern = containsPattern(filter.keyword);
  if (pattern) conditions.push(ilike(spus.name, pattern));
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
  return ctx.loaders.byId<SpuRow>('catalog.spuById', (ids) => ctx.db.select().from(spus).where(inArray(spus.id, ids))).load(id);
}

/** `spu(id)`: another merchant's product is FORBIDDEN, not hidden. */
export async function findSpu(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  const row = await loadSpu(ctx, id);
  if (row) assertShopAccess(ctx, row.shopId, 'read');
  return row;
}

/** A reference from another center: resolves to null when the caller may not see the product. */
export async function resolveSpuReference(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  const row = await loadSpu(ctx, id);
  return row && canSeeProduct(ctx, row) ? row : null;
}

/** Reads an SPU fresh (not from a loader) for a change; records INVALID_ID / NOT_FOUND, throws FORBIDDEN. */
export async function findSpuForChange(ctx: RequestContext, id: string, problems: Problems): Promise<SpuRow | undefined> {
  if (!isId(SPU_ID_PREFIX, id)) {
    problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not a product id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(spus).where(eq(spus.id, id));
  if (!row) problems.add(['input', 'id'], 'NOT_FOUND', `Product ${id} not found`);
  else assertShopAccess(ctx, row.shopId, 'write');
  return row;
}

/** Status changes of a product, oldest first; the histories of a page of products load in one query. */
export function spuStatusHistory(ctx: RequestContext, spu: SpuRow): Promise<SpuStatusChangeRow[]> {
  assertShopAccess(ctx, spu.shopId, 'read');
  return ctx.loaders
    .groupedBy<SpuStatusChangeRow>('catalog.spuStatusChangesBySpu', (row) => row.spuId, (ids) =>
      ctx.db
        .select()
        .from(spuStatusChanges)
        .where(inArray(spuStatusChanges.spuId, ids))
        .orderBy(asc(spuStatusChanges.seq)),
    )
    .load(spu.id);
}
