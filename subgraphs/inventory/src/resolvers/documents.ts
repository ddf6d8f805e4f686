import { existing, type RequestContext } from '@zhongtai/kit';
import type { InboundReceiptLineRow, InboundReceiptRow, OutboundOrderLineRow, OutboundOrderRow, StocktakeLineRow, StocktakeRow } from '../db/wmsTables.ts';
import { inboundLinesOf } from '../domain/inbound.ts';
import { outboundLinesOf } from '../domain/outbound.ts';
import { loadStockLevel } from '../domain/stockLevels.ts';
import { stocktakeLinesOf, variance } from '../domain/stocktakes.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { InboundReceiptLineResolvers, InboundReceiptResolvers, OutboundOrderLineResolvers, OutboundOrderResolvers, StocktakeLineResolvers, StocktakeResolvers } from '../generated/resolvers.ts';

type Ctx = RequestContext;

/** WMS documents: their lines load in one query per page of documents. */
export const InboundReceipt: InboundReceiptResolvers = {
  warehouse: warehouseOf,
  lines: (row: InboundReceiptRow, _: unknown, ctx: Ctx) => inboundLinesOf(ctx, row.id),
};
export const InboundReceiptLine: InboundReceiptLineResolvers = { sku: (row: InboundReceiptLineRow) => skuRef(row) };

export const OutboundOrder: OutboundOrderResolvers = {
  warehouse: warehouseOf,
  lines: (row: OutboundOrderRow, _: unknown, ctx: Ctx) => outboundLinesOf(ctx, row.id),
};
export const OutboundOrderLine: OutboundOrderLineResolvers = { sku: (row: OutboundOrderLineRow) => skuRef(row) };

export const Stocktake: StocktakeResolvers = {
  warehouse: warehouseOf,
  lines: (row: StocktakeRow, _: unknown, ctx: Ctx) => stocktakeLinesOf(ctx, row.id),
};
export const StocktakeLine: StocktakeLineResolvers = {
  sku: (row: StocktakeLineRow) => skuRef(row),
  stockLevel: async (row: StocktakeLineRow, _: unknown, ctx: Ctx) => existing(await loadStockLevel(ctx, row.stockLevelId), 'StockLevel', row.stockLevelId),
  variance: (row: StocktakeLineRow) => variance(row),
};
