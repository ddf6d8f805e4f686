import { and, asc, count, eq, isNotNull } from 'drizzle-orm';
import { anyOf, paginate, type ConnectionArgs, type RequestContext, assertCan } from '@zhongtai/kit';
import { skuTenancy } from './tenancy.ts';
import { priceChanges, type PriceChangeRow, type SkuRow } from '../db/tables.ts';

/** Applied price changes of a SKU, newest first: creation, edits, bulk updates, scheduled changes. */
export function priceHistory(ctx: RequestContext, sku: SkuRow, args: ConnectionArgs) {
  assertCan(ctx, skuTenancy, sku, 'read');
  return paginate<PriceChangeRow>({
    args,
    idColumn: priceChanges.id,
    sort: { column: priceChanges.appliedAt, direction: 'DESC', value: (row) => row.appliedAt },
    where: and(eq(priceChanges.skuId, sku.id), eq(priceChanges.status, 'APPLIED'), isNotNull(priceChanges.appliedAt)),
    fetch: (where, orderBy, limit) => ctx.db.select().from(priceChanges).where(where).orderBy(...orderBy).limit(limit),
    count: async (where) => (await ctx.db.select({ n: count() }).from(priceChanges).where(where))[0]?.n ?? 0,
  });
}

/** Changes still waiting for their time, soonest first; a page of SKUs loads them in one query. */
export function scheduledPriceChanges(ctx: RequestContext, sku: SkuRow): Promise<PriceChangeRow[]> {
  assertCan(ctx, skuTenancy, sku, 'read');
  return ctx.loaders
    .groupedBy<PriceChangeRow>('catalog.scheduledPricesBySku', (row) => row.skuId, (ids) =>
      ctx.db
        .select()
        .from(priceChanges)
        .where(and(anyOf(priceChanges.skuId, ids), eq(priceChanges.status, 'SCHEDULED')))
        .orderBy(asc(priceChanges.effectiveAt), asc(priceChanges.id)),
    )
    .load(sku.id);
}
