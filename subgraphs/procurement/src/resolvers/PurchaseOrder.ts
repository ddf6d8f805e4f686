import { existing, toMoney, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { PurchaseOrderLineRow, PurchaseOrderRow } from '../db/purchaseTables.ts';
import { needsSecondApproval, receivableUpTo } from '../domain/purchaseOrderFlow.ts';
import { linesOfPurchaseOrder, loadPurchaseOrder } from '../domain/purchaseOrders.ts';
import { loadSuggestion } from '../domain/replenishment.ts';
import { loadSupplier } from '../domain/suppliers.ts';
import type { PurchaseOrderLineResolvers, PurchaseOrderResolvers } from '../generated/resolvers.ts';

type Row = PurchaseOrderRow;
type Line = PurchaseOrderLineRow;
/** A line's money is in its order's currency (the order is loaded once per request, batched). */
async function currencyOf(ctx: RequestContext, line: Line): Promise<CurrencyCode> {
  const po = existing(await loadPurchaseOrder(ctx, line.purchaseOrderId), 'PurchaseOrder', line.purchaseOrderId);
  return po.currency as CurrencyCode;
}

export const PurchaseOrder: PurchaseOrderResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadPurchaseOrder(ctx, ref.id),
  shop: (row: Row) => ({ __typename: 'Shop', id: row.shopId }),
  supplier: async (row: Row, _: unknown, ctx: RequestContext) => existing(await loadSupplier(ctx, row.supplierId), 'Supplier', row.supplierId),
  warehouse: (row: Row) => ({ __typename: 'Warehouse', id: row.warehouseId }),
  lines: (row: Row, _: unknown, ctx: RequestContext) => linesOfPurchaseOrder(ctx, row.id),
  total: (row: Row) => toMoney(row.totalAmount, row.currency as CurrencyCode),
  needsSecondApproval: (row: Row) => needsSecondApproval(row.totalAmount),
};

export const PurchaseOrderLine: PurchaseOrderLineResolvers = {
  sku: (line: Line) => ({ __typename: 'Sku', id: line.skuId }),
  unitPrice: async (line: Line, _: unknown, ctx: RequestContext) => toMoney(line.unitPrice, await currencyOf(ctx, line)),
  amount: async (line: Line, _: unknown, ctx: RequestContext) => toMoney(line.unitPrice * BigInt(line.quantity), await currencyOf(ctx, line)),
  receivableUpTo: (line: Line) => Math.max(receivableUpTo(line.quantity) - line.receivedGood - line.receivedDamaged, 0),
  suggestion: (line: Line, _: unknown, ctx: RequestContext) => (line.suggestionId ? loadSuggestion(ctx, line.suggestionId) : null),
};
