import { toPayload, type RequestContext } from '@zhongtai/kit';
import { createConsignmentReceipt, type CreateConsignmentReceiptInput } from '../domain/consignment.ts';
import { createInboundReceipt, type CreateInboundReceiptInput } from '../domain/inbound.ts';
import { putAwayInbound, receiveInbound, type ReceiveInboundInput } from '../domain/inboundReceive.ts';
import { createOutboundOrder, type CreateOutboundOrderInput } from '../domain/outbound.ts';
import { packOutbound, pickOutbound, shipOutbound, type ShipOutboundInput } from '../domain/outboundShip.ts';
import { commitReservation, releaseReservation } from '../domain/reservationStatus.ts';
import { withdrawUnits, type WithdrawUnitsInput } from '../domain/withdrawal.ts';
import { resizeReservation, type ResizeReservationInput } from '../domain/reservationResize.ts';
import { cancelPurchaseReceipt, openPurchaseReceipt, type OpenPurchaseReceiptInput } from '../domain/purchaseReceipts.ts';
import { openReturnReceipt, type OpenReturnReceiptInput } from '../domain/returns.ts';
import { reserveStock, type ReserveStockInput } from '../domain/reservations.ts';
import { configureStockLevel, type ConfigureStockLevelInput } from '../domain/stockLevels.ts';
import { approveStocktake, cancelStocktake, recordStocktakeCounts } from '../domain/stocktakeApproval.ts';
import { createStocktake } from '../domain/stocktakes.ts';
import { createWarehouse, updateWarehouse, type WarehouseInput } from '../domain/warehouses.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type ById = Input<{ id: string }>;
type Ctx = RequestContext;

export const Mutation: MutationResolvers = {
  createWarehouse: async (_: unknown, { input }: Input<WarehouseInput>, ctx: Ctx) => toPayload('warehouse', await createWarehouse(ctx, input)),
  updateWarehouse: async (_: unknown, { input }: Input<WarehouseInput & { id: string }>, ctx: Ctx) => toPayload('warehouse', await updateWarehouse(ctx, input)),
  configureStockLevel: async (_: unknown, { input }: Input<ConfigureStockLevelInput>, ctx: Ctx) =>
    toPayload('stockLevel', await configureStockLevel(ctx, input)),

  createInboundReceipt: async (_: unknown, { input }: Input<CreateInboundReceiptInput>, ctx: Ctx) =>
    toPayload('inboundReceipt', await createInboundReceipt(ctx, input)),
  createConsignmentReceipt: async (_: unknown, { input }: Input<CreateConsignmentReceiptInput>, ctx: Ctx) =>
    toPayload('inboundReceipt', await createConsignmentReceipt(ctx, input)),
  receiveInboundReceipt: async (_: unknown, { input }: Input<ReceiveInboundInput>, ctx: Ctx) => toPayload('inboundReceipt', await receiveInbound(ctx, input)),
  putAwayInboundReceipt: async (_: unknown, { input }: ById, ctx: Ctx) => toPayload('inboundReceipt', await putAwayInbound(ctx, input)),

  pickOutboundOrder: async (_: unknown, { input }: ById, ctx: Ctx) => toPayload('outboundOrder', await pickOutbound(ctx, input)),
  packOutboundOrder: async (_: unknown, { input }: ById, ctx: Ctx) => toPayload('outboundOrder', await packOutbound(ctx, input)),
  shipOutboundOrder: async (_: unknown, { input }: Input<ShipOutboundInput>, ctx: Ctx) => toPayload('outboundOrder', await shipOutbound(ctx, input)),

  createStocktake: async (_: unknown, { input }: Input<{ warehouseId: string; skuIds?: string[] | null }>, ctx: Ctx) =>
    toPayload('stocktake', await createStocktake(ctx, input)),
  recordStocktakeCounts: async (_: unknown, { input }: Input<Parameters<typeof recordStocktakeCounts>[1]>, ctx: Ctx) =>
    toPayload('stocktake', await recordStocktakeCounts(ctx, input)),
  approveStocktake: async (_: unknown, { input }: ById, ctx: Ctx) => toPayload('stocktake', await approveStocktake(ctx, input)),
  cancelStocktake: async (_: unknown, { input }: ById, ctx: Ctx) => toPayload('stocktake', await cancelStocktake(ctx, input)),

  reserveStock: async (_: unknown, { input }: Input<ReserveStockInput>, ctx: Ctx) => toPayload('reservation', await reserveStock(ctx, input)),
  commitReservation: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: Ctx) => toPayload('reservation', await commitReservation(ctx, input)),
  releaseReservation: async (_: unknown, { input }: Input<{ orderId: string; reason: string }>, ctx: Ctx) =>
    toPayload('reservation', await releaseReservation(ctx, input)),
  openReturnReceipt: async (_: unknown, { input }: Input<OpenReturnReceiptInput>, ctx: Ctx) => toPayload('inboundReceipt', await openReturnReceipt(ctx, input)),
  openPurchaseReceipt: async (_: unknown, { input }: Input<OpenPurchaseReceiptInput>, ctx: Ctx) =>
    toPayload('inboundReceipt', await openPurchaseReceipt(ctx, input)),
  cancelPurchaseReceipt: async (_: unknown, { input }: Input<{ key: string }>, ctx: Ctx) =>
    toPayload('inboundReceipt', await cancelPurchaseReceipt(ctx, input)),
  withdrawReservedUnits: async (_: unknown, { input }: Input<WithdrawUnitsInput>, ctx: Ctx) => toPayload('withdrawal', await withdrawUnits(ctx, input)),
  resizeReservation: async (_: unknown, { input }: Input<ResizeReservationInput>, ctx: Ctx) => toPayload('resize', await resizeReservation(ctx, input)),
  createOutboundOrder: async (_: unknown, { input }: Input<CreateOutboundOrderInput>, ctx: Ctx) =>
    toPayload('outboundOrder', await createOutboundOrder(ctx, input)),
};
