import { toMoney, type RequestContext } from '@zhongtai/kit';
import type { InboundReceiptLineRow, InboundReceiptRow } from '../db/wmsTables.ts';
import { inboundLinesOf } from '../domain/inbound.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { InboundReceiptLineResolvers, InboundReceiptResolvers } from '../generated/resolvers.ts';

/** WMS documents: their lines load in one query per page of documents. */
export const InboundReceipt: InboundReceiptResolvers = {
  warehouse: warehouseOf,
  consignor: (row: InboundReceiptRow) => (row.consignorId ? { __typename: 'Supplier', id: row.consignorId } : null),
  lines: (row: InboundReceiptRow, _: unknown, ctx: RequestContext) => inboundLinesOf(ctx, row.id),
};
export const InboundReceiptLine: InboundReceiptLineResolvers = {
  sku: (row: InboundReceiptLineRow) => skuRef(row),
  agreedUnitPrice: (row: InboundReceiptLineRow) => (row.agreedUnitPrice !== null && row.currency ? toMoney(row.agreedUnitPrice, row.currency) : null),
};
