import { existing, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { OrderLineRow, OrderRow } from '../db/tables.ts';
import { fulfillmentSource } from '../domain/lineSource.ts';
import { linesOf, loadCheckout, readableOrder, refundIdsOf, statusHistoryOf } from '../domain/orderQueries.ts';
import { addressChangesOf } from '../domain/addressChange.ts';
import { remarksOf } from '../domain/orderRemarks.ts';
import { placementOf } from '../domain/staffPlacement.ts';
import { crossBorderOf, type OrderCrossBorderRow } from '../domain/orderCrossBorder.ts';
import { declarationOf } from '../domain/customs/declarations.ts';
import type { AfterSaleOrderLineResolvers, OrderCrossBorderResolvers, OrderLineResolvers, OrderResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

export const Order: OrderResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => readableOrder(ctx, ref.id),
  checkout: async (order: OrderRow, _: unknown, ctx: RequestContext) => existing(await loadCheckout(ctx, order.checkoutId), 'Checkout', order.checkoutId),
  shop: (order: OrderRow) => ({ __typename: 'Shop', id: order.shopId }),
  member: (order: OrderRow) => ({ __typename: 'Member', id: order.memberId }),
  lines: (order: OrderRow, _: unknown, ctx: RequestContext) => linesOf(ctx, order.id),
  itemsTotal: (order: OrderRow) => money(order.itemsAmount, order.currency),
  discountTotal: (order: OrderRow) => money(order.discountAmount, order.currency),
  freight: (order: OrderRow) => money(order.freightAmount, order.currency),
  taxAmount: (order: OrderRow) => money(order.taxAmount, order.currency),
  payable: (order: OrderRow) => money(order.payableAmount, order.currency),
  crossBorder: (order: OrderRow, _: unknown, ctx: RequestContext) => (order.crossBorderMode ? crossBorderOf(ctx, order.id, order.crossBorderMode) : null),
  refunded: (order: OrderRow) => money(order.refundedAmount, order.currency),
  deposit: (order: OrderRow) => money(order.depositAmount, order.currency),
  balance: (order: OrderRow) => money(order.type === 'PRESALE' ? order.payableAmount - order.depositAmount : 0n, order.currency),
  payments: async (order: OrderRow, _: unknown, ctx: RequestContext) => {
    const checkout = await loadCheckout(ctx, order.checkoutId);
    return [checkout?.paymentId, order.balancePaymentId].filter((id): id is string => Boolean(id)).map((id) => ({ __typename: 'Payment', id }));
  },
  refunds: async (order: OrderRow, _: unknown, ctx: RequestContext) => (await refundIdsOf(ctx, order.id)).map((id) => ({ __typename: 'Refund', id })),
  remarks: (order: OrderRow, _: unknown, ctx: RequestContext) => remarksOf(ctx, order.id),
  addressChanges: async (order: OrderRow, _: unknown, ctx: RequestContext) =>
    (await addressChangesOf(ctx, order.id)).map((c) => ({ previous: c.previous, address: c.address, reason: c.reason, actor: c.actor, at: c.createdAt })),
  placedBy: async (order: OrderRow, _: unknown, ctx: RequestContext) => {
    const placement = await placementOf(ctx, order.checkoutId);
    return placement && { staffId: placement.staffId, role: placement.role, reason: placement.reason, at: placement.createdAt };
  },
  statusHistory: async (order: OrderRow, _: unknown, ctx: RequestContext) =>
    (await statusHistoryOf(ctx, order.id)).map((c) => ({ from: c.fromStatus, to: c.toStatus, reason: c.reason, actor: c.actor, at: c.createdAt })),
};

/** Only the masked columns are ever read here: the sealed ones stay in the table (domain/crossBorder/buyer.ts says why). */
export const OrderCrossBorder: OrderCrossBorderResolvers = {
  mode: (buyer: OrderCrossBorderRow) => buyer.mode,
  buyerName: (buyer: OrderCrossBorderRow) => buyer.realNameMasked,
  buyerIdNumber: (buyer: OrderCrossBorderRow) => buyer.idNumberMasked,
  customsValue: (buyer: OrderCrossBorderRow) => money(buyer.customsValue, buyer.currency),
  customsDeclaration: (buyer: OrderCrossBorderRow, _: unknown, ctx: RequestContext) => declarationOf(ctx, buyer.orderId),
};

export const OrderLine: OrderLineResolvers = {
  sku: (line: OrderLineRow) => ({ __typename: 'Sku', id: line.skuId }),
  supplier: (line: OrderLineRow) => (line.supplierId ? { __typename: 'Supplier', id: line.supplierId } : null),
  fulfillmentSource: (line: OrderLineRow) => fulfillmentSource(line),
  unitPrice: (line: OrderLineRow) => money(line.unitPrice, line.currency),
  finalAmount: (line: OrderLineRow) => money(line.finalAmount, line.currency),
  taxAmount: (line: OrderLineRow) => money(line.taxAmount, line.currency),
  refunded: (line: OrderLineRow) => money(line.refundedAmount, line.currency),
  discounts: (line: OrderLineRow) =>
    line.discounts.map((d) => ({
      source: d.source,
      sourceId: d.sourceId,
      amount: { amount: d.amount, currencyCode: line.currency as CurrencyCode },
      funder: d.funder ?? null,
    })),
};

/** A line as the after-sales center reads it (SERVICE only). */
export const AfterSaleOrderLine: AfterSaleOrderLineResolvers = {
  finalAmount: (line: OrderLineRow) => money(line.finalAmount, line.currency),
  refunded: (line: OrderLineRow) => money(line.refundedAmount, line.currency),
};
