import { and, inArray, isNull } from 'drizzle-orm';
import { newId, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { dropShipDispatches } from '../db/purchaseTables.ts';
import { DISPATCH_ID_PREFIX } from './ids.ts';
import { rerateSupplier } from './supplierRating.ts';

/** OrderPaid (in the event's transaction): the clock of each drop-shipped line starts at payment. */
export async function startDropShipClock(ctx: RequestContext, event: EventCatalog['OrderPaid']): Promise<void> {
  const rows = event.lines.flatMap((l) =>
    l.source.kind === 'SUPPLIER'
      ? [{ id: newId(DISPATCH_ID_PREFIX), supplierId: l.source.supplierId, orderId: event.orderId, orderLineId: l.orderLineId, paidAt: new Date(event.paidAt) }]
      : [],
  );
  if (rows.length) await ctx.db.insert(dropShipDispatches).values(rows).onConflictDoNothing();
}

/** ShipmentShipped (in the event's transaction): a drop-shipped line's parcel left; its supplier is re-rated. */
export async function stopDropShipClock(ctx: RequestContext, event: EventCatalog['ShipmentShipped']): Promise<void> {
  const lineIds = event.lines.map((l) => l.orderLineId);
  if (!lineIds.length) return;
  const stopped = await ctx.db
    .update(dropShipDispatches)
    .set({ shippedAt: new Date(event.shippedAt), updatedAt: new Date() })
    .where(and(inArray(dropShipDispatches.orderLineId, lineIds), isNull(dropShipDispatches.shippedAt)))
    .returning({ supplierId: dropShipDispatches.supplierId });
  for (const supplierId of new Set(stopped.map((s) => s.supplierId))) await rerateSupplier(ctx, supplierId);
}
