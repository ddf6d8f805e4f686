import { toMoney, type RequestContext } from '@zhongtai/kit';
import type { AfterSaleRequestRow } from '../db/tables.ts';
import { findRequest, stepsOf } from '../domain/requests.ts';
import type { AfterSaleRequestResolvers } from '../generated/resolvers.ts';

export const AfterSaleRequest: AfterSaleRequestResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findRequest(ctx, ref.id),
  order: (row: AfterSaleRequestRow) => ({ __typename: 'Order', id: row.orderId }),
  shop: (row: AfterSaleRequestRow) => ({ __typename: 'Shop', id: row.shopId }),
  sku: (row: AfterSaleRequestRow) => ({ __typename: 'Sku', id: row.skuId }),
  replacementSku: (row: AfterSaleRequestRow) => (row.replacementSkuId ? { __typename: 'Sku', id: row.replacementSkuId } : null),
  refundAmount: (row: AfterSaleRequestRow) => toMoney(row.refundAmount, row.currency),
  deduction: (row: AfterSaleRequestRow) => toMoney(row.deductionAmount, row.currency),
  history: (row: AfterSaleRequestRow, _: unknown, ctx: RequestContext) => stepsOf(ctx, row.id),
};
