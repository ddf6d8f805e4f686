import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { newId, toMoney, type Db, type RequestContext } from '@zhongtai/kit';
import { consignmentLots, consignmentReturns, consignmentSales, type ConsignmentLotRow } from '../db/consignmentTables.ts';
import { reservationAllocations, reservations, stockLevels, type AllocationRow, type ReservationRow } from '../db/tables.ts';
import { CONSIGNMENT_RETURN_ID_PREFIX, CONSIGNMENT_SALE_ID_PREFIX } from './ids.ts';
import { lockOpenLots } from './consignment.ts';

/**
 * 代销 sales. A reservation is committed when its order is paid: that is the sale. For each line
 * served by a stock level holding consigned lots, the level's `sell_first` decides whose units
 * are sold: OWN takes the shop's own unsold units first and consigned ones only for the rest;
 * CONSIGNED takes the consignors' first. Among lots, the oldest goes first (FIFO). Each lot drawn
 * on is a sale row and a ConsignedUnitsSold event (the consignor is owed quantity × its agreed
 * price), in the commit's transaction: commit is a guarded status update, so this runs once.
 */
export async function sellConsignedUnits(tx: Db, ctx: RequestContext, reservation: ReservationRow): Promise<void> {
  const allocations = await tx
    .select()
    .from(reservationAllocations)
    .where(eq(reservationAllocations.reservationId, reservation.id))
    .orderBy(asc(reservationAllocations.skuId), asc(reservationAllocations.warehouseId));
  const open = (await lockOpenLots(tx, [...new Set(allocations.map((a) => a.stockLevelId))])).filter((lot) => lot.onHand > 0);
  if (!open.length) return;
  for (const allocation of allocations) {
    const lots = open.filter((lot) => lot.stockLevelId === allocation.stockLevelId);
    if (!lots.length) continue;
    const units = allocation.quantity - allocation.releasedQuantity;
    const consigned = lots.reduce((sum, lot) => sum + lot.onHand, 0);
    const fromLots = Math.min(units - (await ownUnitsFirst(tx, allocation, reservation, consigned)), consigned);
    await takeFromLots(tx, ctx, allocation, reservation, lots, fromLots);
  }
}

/** How many of the line's units the shop's own stock serves before any consignor's (0 for CONSIGNED first). */
async function ownUnitsFirst(tx: Db, allocation: AllocationRow, reservation: ReservationRow, consigned: number): Promise<number> {
  const [level] = await tx.select().from(stockLevels).where(eq(stockLevels.id, allocation.stockLevelId));
  if (!level || level.sellFirst === 'CONSIGNED') return 0;
  // On hand = own unsold + consigned unsold + units sold to other paid orders and not shipped yet.
  const [awaiting] = await tx
    .select({
      units: sql<number>`coalesce(sum(${reservationAllocations.quantity} - ${reservationAllocations.shippedQuantity} - ${reservationAllocations.releasedQuantity}), 0)::int`,
    })
    .from(reservationAllocations)
    .innerJoin(reservations, eq(reservations.id, reservationAllocations.reservationId))
    .where(and(eq(reservationAllocations.stockLevelId, level.id), eq(reservations.status, 'COMMITTED'), ne(reservations.id, reservation.id)));
  const ownUnsold = level.onHand - consigned - Number(awaiting?.units ?? 0);
  return Math.max(0, Math.min(allocation.quantity - allocation.releasedQuantity, ownUnsold));
}

async function takeFromLots(tx: Db, ctx: RequestContext, allocation: AllocationRow, reservation: ReservationRow, lots: ConsignmentLotRow[], wanted: number) {
  let left = wanted;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(left, lot.onHand);
    if (take <= 0) continue;
    left -= take;
    lot.onHand -= take;
    await tx
      .update(consignmentLots)
      .set({ onHand: sql`${consignmentLots.onHand} - ${take}` })
      .where(eq(consignmentLots.id, lot.id));
    const soldAt = ctx.now();
    const saleId = newId(CONSIGNMENT_SALE_ID_PREFIX);
    await tx.insert(consignmentSales).values({
      id: saleId,
      lotId: lot.id,
      allocationId: allocation.id,
      orderId: reservation.orderId,
      consignorId: lot.consignorId,
      quantity: take,
      soldAt,
    });
    await ctx.events.publish(tx, 'ConsignedUnitsSold', {
      saleId,
      consignorId: lot.consignorId,
      shopId: lot.shopId,
      orderId: reservation.orderId,
      skuId: lot.skuId,
      warehouseId: lot.warehouseId,
      quantity: take,
      unitPrice: toMoney(lot.unitPrice, lot.currency).amount,
      amount: toMoney(lot.unitPrice * BigInt(take), lot.currency).amount,
      currencyCode: lot.currency,
      soldAt: soldAt.toISOString(),
    });
  }
}

export type GiveBackReason = 'RETURN' | 'WITHDRAWN' | 'RELEASED';

/**
 * Units of a paid line came back (a return put away GOOD, units refunded before shipping, a paid
 * order released): up to `quantity` of its consigned sales are reversed, the newest sale first
 * (the consignors' units are given back before the shop's own), their lots hold them again,
 * and a ConsignedUnitsReturned per sale tells who owed what. Runs in the caller's transaction,
 * whose own guard (a put-away, a withdrawal key, a release) makes it run once.
 */
export async function giveBackConsignedUnits(
  tx: Db,
  ctx: RequestContext,
  input: { allocationId: string; quantity: number; reason: GiveBackReason; reference: string },
): Promise<number> {
  if (input.quantity <= 0) return 0;
  const sales = await tx
    .select({ sale: consignmentSales, lot: consignmentLots })
    .from(consignmentSales)
    .innerJoin(consignmentLots, eq(consignmentLots.id, consignmentSales.lotId))
    .where(and(eq(consignmentSales.allocationId, input.allocationId), gt(consignmentSales.quantity, consignmentSales.returnedQuantity)))
    .orderBy(desc(consignmentSales.soldAt), desc(consignmentSales.id))
    .for('update');
  let left = input.quantity;
  for (const { sale, lot } of sales) {
    if (left <= 0) break;
    const back = Math.min(left, sale.quantity - sale.returnedQuantity);
    left -= back;
    await tx
      .update(consignmentSales)
      .set({ returnedQuantity: sql`${consignmentSales.returnedQuantity} + ${back}` })
      .where(eq(consignmentSales.id, sale.id));
    await tx
      .update(consignmentLots)
      .set({ onHand: sql`${consignmentLots.onHand} + ${back}` })
      .where(eq(consignmentLots.id, lot.id));
    const returnId = newId(CONSIGNMENT_RETURN_ID_PREFIX);
    await tx.insert(consignmentReturns).values({ id: returnId, saleId: sale.id, quantity: back, reason: input.reason, reference: input.reference });
    await ctx.events.publish(tx, 'ConsignedUnitsReturned', {
      returnId,
      saleId: sale.id,
      consignorId: sale.consignorId,
      shopId: lot.shopId,
      orderId: sale.orderId,
      skuId: lot.skuId,
      quantity: back,
      unitPrice: toMoney(lot.unitPrice, lot.currency).amount,
      amount: toMoney(lot.unitPrice * BigInt(back), lot.currency).amount,
      currencyCode: lot.currency,
      reason: input.reason,
      returnedAt: ctx.now().toISOString(),
    });
  }
  return input.quantity - left;
}

/** The allocations of an order's reservation for these SKUs (a return names the order and SKU). */
export async function allocationsOfOrder(tx: Db, orderId: string, skuIds: string[]): Promise<AllocationRow[]> {
  if (!skuIds.length) return [];
  return tx
    .select({ allocation: reservationAllocations })
    .from(reservationAllocations)
    .innerJoin(reservations, eq(reservations.id, reservationAllocations.reservationId))
    .where(and(eq(reservations.orderId, orderId), inArray(reservationAllocations.skuId, skuIds)))
    .then((rows) => rows.map((r) => r.allocation));
}
