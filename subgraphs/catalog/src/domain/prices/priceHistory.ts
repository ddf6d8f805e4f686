import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { anyOf, type ConnectionArgs, type RequestContext, listTable, assertCan } from '@zhongtai/kit';
import { skuTenancy } from '../tenancy.ts';
import { priceChanges, type PriceChangeRow, type SkuRow } from '../../db/tables.ts';

/** Applied price changes of a SKU, newest first: creation, edits, bulk updates, scheduled changes. */
export function priceHistory(ctx: RequestContext, sku: SkuRow, args: ConnectionArgs) {
  assertCan(ctx, skuTenancy, sku, 'read');
  return listTable(ctx.db, priceChanges, args, {
    where: and(eq(priceChanges.skuId, sku.id), eq(priceChanges.status, 'APPLIED'), isNotNull(priceChanges.appliedAt)),
    sort: { column: priceChanges.appliedAt, direction: 'DESC' },
  });
}

/** Changes still waiting for their time, soonest first; a page of SKUs loads them in one query. */
export function scheduledPriceChanges(ctx: RequestContext, sku: SkuRow): Promise<PriceChangeRow[]> {
  assertCan(ctx, skuTenancy, sku, 'read');
  return ctx.loaders
    .groupedBy<PriceChangeRow>(
      'catalog.scheduledPricesBySku',
      (row) => row.skuId,
      (ids) =>
        ctx.db
          .select()
          .from(priceChanges)
          .where(and(anyOf(priceChanges.skuId, ids), eq(priceChanges.status, 'SCHEDULED')))
          .orderBy(asc(priceChanges.effectiveAt), asc(priceChanges.id)),
    )
    .load(sku.id);
}
