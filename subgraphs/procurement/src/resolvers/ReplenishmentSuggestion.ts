import type { RequestContext } from '@zhongtai/kit';
import type { ReplenishmentSuggestionRow } from '../db/purchaseTables.ts';
import { loadPurchaseOrder } from '../domain/purchaseOrders.ts';
import { loadSuggestion } from '../domain/replenishment.ts';
import { visibleSupplier } from '../domain/suppliers.ts';
import type { ReplenishmentSuggestionResolvers } from '../generated/resolvers.ts';

type Row = ReplenishmentSuggestionRow;

export const ReplenishmentSuggestion: ReplenishmentSuggestionResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadSuggestion(ctx, ref.id),
  shop: (row: Row) => ({ __typename: 'Shop', id: row.shopId }),
  sku: (row: Row) => ({ __typename: 'Sku', id: row.skuId }),
  warehouse: (row: Row) => ({ __typename: 'Warehouse', id: row.warehouseId }),
  supplier: (row: Row, _: unknown, ctx: RequestContext) => (row.supplierId ? visibleSupplier(ctx, row.supplierId) : null),
  purchaseOrder: (row: Row, _: unknown, ctx: RequestContext) => (row.purchaseOrderId ? loadPurchaseOrder(ctx, row.purchaseOrderId) : null),
};
