import { type RequestContext } from '@zhongtai/kit';
import type { OutboundOrderLineRow, OutboundOrderRow } from '../db/wmsTables.ts';
import { outboundLinesOf } from '../domain/outbound.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { OutboundOrderLineResolvers, OutboundOrderResolvers } from '../generated/resolvers.ts';

export const OutboundOrder: OutboundOrderResolvers = {
  warehouse: warehouseOf,
  lines: (row: OutboundOrderRow, _: unknown, ctx: RequestContext) => outboundLinesOf(ctx, row.id),
};
export const OutboundOrderLine: OutboundOrderLineResolvers = { sku: (row: OutboundOrderLineRow) => skuRef(row) };
