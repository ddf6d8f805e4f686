import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { type ConnectionArgs, type RequestContext, listTable, assertCan, rowsByParent } from '@zhongtai/kit';
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
  const where = eq(priceChanges.status, 'SCHEDULED');
  return rowsByParent(
    ctx,
    'catalog.scheduledPricesBySku',
    priceChanges,
    { parent: priceChanges.skuId, where, orderBy: [asc(priceChanges.effectiveAt), asc(priceChanges.id)] },
    sku.id,
  );
}
