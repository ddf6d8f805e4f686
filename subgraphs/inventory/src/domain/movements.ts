import { and, eq, type SQL } from 'drizzle-orm';
import { type ConnectionArgs, type RequestContext, listTable, scopedWhere } from '@zhongtai/kit';
import { reservations, stockMovements, type MovementType, type ReservationStatus } from '../db/tables.ts';
import { stockMovementTenancy } from './tenancy.ts';

export interface MovementFilter {
  shopId?: string | null;
  stockLevelId?: string | null;
  skuId?: string | null;
  warehouseId?: string | null;
  type?: MovementType | null;
  referenceId?: string | null;
}

/** The ledger, newest first, in the caller's scope (a merchant: its SKUs' movements). */
export function listStockMovements(ctx: RequestContext, args: ConnectionArgs, filter: MovementFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, stockMovementTenancy, { shopId: filter.shopId })];
  if (filter.stockLevelId) conditions.push(eq(stockMovements.stockLevelId, filter.stockLevelId));
  if (filter.skuId) conditions.push(eq(stockMovements.skuId, filter.skuId));
  if (filter.warehouseId) conditions.push(eq(stockMovements.warehouseId, filter.warehouseId));
  if (filter.type) conditions.push(eq(stockMovements.type, filter.type));
  if (filter.referenceId) conditions.push(eq(stockMovements.referenceId, filter.referenceId));
  return listTable(ctx.db, stockMovements, args, { where: and(...conditions), sort: { column: stockMovements.seq, direction: 'DESC' } });
}

/** Reservations are the platform's (orders span the graph): operators and analysts only, by SDL. */
export function listReservations(ctx: RequestContext, args: ConnectionArgs, filter: { status?: ReservationStatus | null; orderId?: string | null } = {}) {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(reservations.status, filter.status));
  if (filter.orderId) conditions.push(eq(reservations.orderId, filter.orderId));
  return listTable(ctx.db, reservations, args, { where: and(...conditions), sort: { column: reservations.createdAt, direction: 'DESC' } });
}
