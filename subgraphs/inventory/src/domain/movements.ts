import { and, count, eq, type SQL } from 'drizzle-orm';
import { paginate, type ConnectionArgs, type RequestContext, scopedWhere } from '@zhongtai/kit';
import { stockMovementTenancy } from './tenancy.ts';
import { reservations, stockMovements, type MovementType, type ReservationRow, type ReservationStatus, type StockMovementRow } from '../db/tables.ts';

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
  return paginate<StockMovementRow>({
    args,
    idColumn: stockMovements.id,
    sort: { column: stockMovements.seq, direction: 'DESC', value: (row) => row.seq },
    where: and(...conditions),
    fetch: (where, orderBy, limit) => ctx.db.select().from(stockMovements).where(where).orderBy(...orderBy).limit(limit),
    count: async (where) => (await ctx.db.select({ n: count() }).from(stockMovements).where(where))[0]?.n ?? 0,
  });
}

/** Reservations are the platform's (orders span the graph): operators and analysts only, by SDL. */
export function listReservations(ctx: RequestContext, args: ConnectionArgs, filter: { status?: ReservationStatus | null; orderId?: string | null } = {}) {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(reservations.status, filter.status));
  if (filter.orderId) conditions.push(eq(reservations.orderId, filter.orderId));
  return paginate<ReservationRow>({
    args,
    idColumn: reservations.id,
    sort: { column: reservations.createdAt, direction: 'DESC', value: (row) => row.createdAt },
    where: and(...conditions),
    fetch: (where, orderBy, limit) => ctx.db.select().from(reservations).where(where).orderBy(...orderBy).limit(limit),
    count: async (where) => (await ctx.db.select({ n: count() }).from(reservations).where(where))[0]?.n ?? 0,
  });
}
