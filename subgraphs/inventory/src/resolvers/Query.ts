import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { findInboundReceipt, listInboundReceipts, type WmsFilter } from '../domain/inbound.ts';
import { checkLedger } from '../domain/ledgerCheck.ts';
import { listReservations, listStockMovements, type MovementFilter } from '../domain/movements.ts';
import { findOutboundOrder, listOutboundOrders } from '../domain/outbound.ts';
import { findStockLevel, listStockLevels, type StockLevelFilter } from '../domain/stockLevels.ts';
import { replenishmentStock, type ReplenishmentStockArgs } from '../domain/replenishmentStock.ts';
import { findStocktake, listStocktakes } from '../domain/stocktakes.ts';
import { findWarehouse, listWarehouses, type WarehouseFilter } from '../domain/warehouses.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List<F> = ConnectionArgs & { filter?: F | null };
type ById = { id: string };

export const Query: QueryResolvers = {
  warehouses: (_: unknown, args: List<WarehouseFilter>, ctx: RequestContext) => listWarehouses(ctx, args, args.filter ?? {}),
  warehouse: (_: unknown, { id }: ById, ctx: RequestContext) => findWarehouse(ctx, id),
  stockLevels: (_: unknown, args: List<StockLevelFilter>, ctx: RequestContext) => listStockLevels(ctx, args, args.filter ?? {}),
  stockLevel: (_: unknown, { id }: ById, ctx: RequestContext) => findStockLevel(ctx, id),
  stockMovements: (_: unknown, args: List<MovementFilter>, ctx: RequestContext) => listStockMovements(ctx, args, args.filter ?? {}),
  stockReservations: (_: unknown, args: List<Parameters<typeof listReservations>[2]>, ctx: RequestContext) => listReservations(ctx, args, args.filter ?? {}),
  stockLedgerCheck: (_: unknown, { limit }: { limit?: number | null }, ctx: RequestContext) => checkLedger(ctx, { limit: limit ?? 100 }),
  inboundReceipts: (_: unknown, args: List<WmsFilter>, ctx: RequestContext) => listInboundReceipts(ctx, args, args.filter ?? {}),
  inboundReceipt: (_: unknown, { id }: ById, ctx: RequestContext) => findInboundReceipt(ctx, id),
  outboundOrders: (_: unknown, args: List<Parameters<typeof listOutboundOrders>[2]>, ctx: RequestContext) => listOutboundOrders(ctx, args, args.filter ?? {}),
  outboundOrder: (_: unknown, { id }: ById, ctx: RequestContext) => findOutboundOrder(ctx, id),
  stocktakes: (_: unknown, args: List<WmsFilter>, ctx: RequestContext) => listStocktakes(ctx, args, args.filter ?? {}),
  stocktake: (_: unknown, { id }: ById, ctx: RequestContext) => findStocktake(ctx, id),
  replenishmentStock: (_: unknown, args: Omit<ReplenishmentStockArgs, 'since'> & { since: Date | string }, ctx: RequestContext) =>
    replenishmentStock(ctx, { ...args, since: new Date(args.since) }),
};
