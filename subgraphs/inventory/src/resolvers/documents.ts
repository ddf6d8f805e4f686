import type { RequestContext } from '@zhongtai/kit';
import type { InboundReceiptLineRow, InboundReceiptRow, OutboundOrderLineRow, OutboundOrderRow, StocktakeLineRow, StocktakeRow } from '../db/wmsTables.ts';
import { inboundLinesOf } from '../domain/inbound.ts';
import { outboundLinesOf } from '../domain/outbound.ts';
import { loadStockLevel } from '../domain/stockLevels.ts';
import { stocktakeLinesOf, variance } from '../domain/stocktakes.ts';
import { skuRef, warehouseOf } from './refs.ts';

type Ctx = RequestContext;

/** WMS documents: their lines load in one query per page of documents. */
export const InboundReceipt = {
  warehouse: warehouseOf,
  lines: (row: InboundReceiptRow, _: unknown, ctx: Ctx) => inboundLinesOf(ctx, row.id),
};
export const InboundReceiptLine = { sku: (row: InboundReceiptLineRow) => skuRef(row) };

export const OutboundOrder = {
  warehouse: warehouseOf,
  lines: (row: OutboundOrderRow, _: unknown, ctx: Ctx) => outboundLinesOf(ctx, row.id),
};
export const OutboundOrderLine = { sku: (row: OutboundOrderLineRow) => skuRef(row) };

export const Stocktake = {
  warehouse: warehouseOf,
  lines: (row: StocktakeRow, _: unknown, ctx: Ctx) => stocktakeLinesOf(ctx, row.id),
};
export const StocktakeLine = {
  sku: (row: StocktakeLineRow) => skuRef(row),
  stockLevel: (row: StocktakeLineRow, _: unknown, ctx: Ctx) => loadStockLevel(ctx, row.stockLevelId),
  variance: (row: StocktakeLineRow) => variance(row),
};
