import { and, eq, isNull } from 'drizzle-orm';
import { catalogService, logger, type RequestContext } from '@zhongtai/kit';
import { shipmentLines, shipments } from '../db/shipmentTables.ts';

export const WEIGH_SHIPMENT_JOB = 'weighShipment';

/** The weight of a parcel's contents from its SKUs' weights: null when a SKU's weight is unknown. */
export function packedWeight(lines: { skuId: string; quantity: number }[], weights: ReadonlyMap<string, number>): number | null {
  let grams = 0;
  for (const line of lines) {
    const each = weights.get(line.skuId);
    if (each === undefined) return null;
    grams += each * line.quantity;
  }
  return grams;
}

/**
 * The `weighShipment` job, after the shipment committed: asks catalog for the SKUs' weights and
 * records the packed weight a carrier's bill is checked against. Warehouses do not weigh parcels
 * here, so the SKUs' declared weights are what was packed. Once (only while unknown).
 */
export async function weighShipment(ctx: RequestContext, shipmentId: string): Promise<void> {
  const lines = await ctx.db.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, shipmentId));
  if (!lines.length) return;
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: [...new Set(lines.map((l) => l.skuId))] });
  const grams = packedWeight(lines, new Map(quoteSkus.map((q) => [q.id, q.weightGrams])));
  if (grams === null) {
    logger(ctx).warn('a shipped SKU is unknown to catalog: the parcel stays unweighed', { shipmentId });
    return;
  }
  await ctx.db
    .update(shipments)
    .set({ packedWeightGrams: grams, updatedAt: ctx.now() })
    .where(and(eq(shipments.id, shipmentId), isNull(shipments.packedWeightGrams)));
}
