import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RequestContext } from '@zhongtai/kit';
import { dropShipDispatches, purchaseDeliveries, purchaseOrderLines, purchaseOrders } from '../db/purchaseTables.ts';
import { suppliers, type SupplierRow } from '../db/tables.ts';
import { DROP_SHIP_DEADLINE_HOURS, rateSupplier, type Rating, type RatingFacts } from './ratingFormula.ts';

/** Recomputes a supplier's rating inputs from its deliveries and finished orders, and the score from them. */
export async function rerateSupplier(ctx: RequestContext, supplierId: string): Promise<void> {
  const [d = { deliveries: 0, onTime: 0, good: 0, damaged: 0 }] = await ctx.db
    .select({
      deliveries: sql<number>`count(*)::int`,
      onTime: sql<number>`count(*) filter (where ${purchaseDeliveries.onTime})::int`,
      good: sql<number>`coalesce(sum(${purchaseDeliveries.good}), 0)::int`,
      damaged: sql<number>`coalesce(sum(${purchaseDeliveries.damaged}), 0)::int`,
    })
    .from(purchaseDeliveries)
    .where(eq(purchaseDeliveries.supplierId, supplierId));
  // Fill rate over finished orders only: an order still arriving is not short yet.
  const [f = { ordered: 0, received: 0 }] = await ctx.db
    .select({
      ordered: sql<number>`coalesce(sum(${purchaseOrderLines.quantity}), 0)::int`,
      received: sql<number>`coalesce(sum(least(${purchaseOrderLines.receivedGood} + ${purchaseOrderLines.receivedDamaged}, ${purchaseOrderLines.quantity})), 0)::int`,
    })
    .from(purchaseOrderLines)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(and(eq(purchaseOrders.supplierId, supplierId), inArray(purchaseOrders.status, ['RECEIVED', 'CLOSED']), sql`${purchaseOrders.sentAt} is not null`));
  const [s = { shipped: 0, inTime: 0, hours: null }] = await ctx.db
    .select({
      shipped: sql<number>`count(*)::int`,
      inTime: sql<number>`count(*) filter (where ${dropShipDispatches.shippedAt} <= ${dropShipDispatches.paidAt} + make_interval(hours => ${DROP_SHIP_DEADLINE_HOURS}))::int`,
      hours: sql<number | null>`round(avg(extract(epoch from ${dropShipDispatches.shippedAt} - ${dropShipDispatches.paidAt}) / 3600))::int`,
    })
    .from(dropShipDispatches)
    .where(and(eq(dropShipDispatches.supplierId, supplierId), sql`${dropShipDispatches.shippedAt} is not null`));
  const facts: Required<RatingFacts> = {
    dropShipShipped: Number(s.shipped),
    dropShipInTime: Number(s.inTime),
    deliveries: Number(d.deliveries),
    onTimeDeliveries: Number(d.onTime),
    unitsGood: Number(d.good),
    unitsDamaged: Number(d.damaged),
    unitsOrdered: Number(f.ordered),
    unitsReceived: Number(f.received),
  };
  await ctx.db
    .update(suppliers)
    .set({ ...facts, dropShipAverageHours: s.hours === null ? null : Number(s.hours), rating: rateSupplier(facts).score, ratedAt: ctx.now() })
    .where(eq(suppliers.id, supplierId));
}

/** Supplier.rating: the score and the facts it comes from; null before any delivery. */
export function ratingOf(row: SupplierRow): (Rating & Required<RatingFacts> & { ratedAt: Date; dropShipAverageHours: number | null }) | null {
  if (!row.ratedAt) return null;
  const facts: Required<RatingFacts> = {
    dropShipShipped: row.dropShipShipped,
    dropShipInTime: row.dropShipInTime,
    deliveries: row.deliveries,
    onTimeDeliveries: row.onTimeDeliveries,
    unitsOrdered: row.unitsOrdered,
    unitsReceived: row.unitsReceived,
    unitsGood: row.unitsGood,
    unitsDamaged: row.unitsDamaged,
  };
  return { ...facts, ...rateSupplier(facts), ratedAt: row.ratedAt, dropShipAverageHours: row.dropShipAverageHours };
}
