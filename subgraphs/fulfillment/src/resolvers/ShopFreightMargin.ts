import { toMoney } from '@zhongtai/kit';
import type { ShopFreightMarginRow as Margin } from '../domain/freightMargins.ts';
import type { ShopFreightMarginResolvers } from '../generated/resolvers.ts';
import { shopRef } from './refs.ts';

export const ShopFreightMargin: ShopFreightMarginResolvers = {
  shop: shopRef,
  freightCharged: (row: Margin) => toMoney(row.freightCharged, row.currencyCode),
  realCost: (row: Margin) => toMoney(row.realCost, row.currencyCode),
  margin: (row: Margin) => toMoney(row.margin, row.currencyCode),
};
