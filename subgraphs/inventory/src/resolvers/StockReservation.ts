import { type RequestContext } from '@zhongtai/kit';
import type { ReservationRow } from '../db/tables.ts';
import { allocationsOf } from '../domain/reservations.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { StockAllocationResolvers, StockReservationResolvers } from '../generated/resolvers.ts';

export const StockReservation: StockReservationResolvers = {
  allocations: (row: ReservationRow, _: unknown, ctx: RequestContext) => allocationsOf(ctx, row.id),
};

export const StockAllocation: StockAllocationResolvers = { sku: skuRef, warehouse: warehouseOf };
