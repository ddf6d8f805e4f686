import { toMoney, type CurrencyCode, type RequestContext, existing } from '@zhongtai/kit';
import type { PriceChangeRow } from '../db/tables.ts';
import { costPrice } from '../domain/prices/prices.ts';
import { loadSku } from '../domain/skus/skus.ts';
import type { PriceChangeResolvers } from '../generated/resolvers.ts';

const money = (row: PriceChangeRow, amount: bigint | null) => (amount === null ? null : toMoney(amount, row.currency as CurrencyCode));

export const PriceChange: PriceChangeResolvers = {
  sku: async (row: PriceChangeRow, _: unknown, ctx: RequestContext) => existing(await loadSku(ctx, row.skuId), 'Sku', row.skuId),
  salePrice: (row: PriceChangeRow) => money(row, row.salePriceAmount),
  listPrice: (row: PriceChangeRow) => money(row, row.listPriceAmount),
  costPrice: (row: PriceChangeRow, _: unknown, ctx: RequestContext) =>
    costPrice(ctx, { shopId: row.shopId, currency: row.currency, amount: row.costPriceAmount }),
  previousSalePrice: (row: PriceChangeRow) => money(row, row.previousSalePriceAmount),
  previousListPrice: (row: PriceChangeRow) => money(row, row.previousListPriceAmount),
  previousCostPrice: (row: PriceChangeRow, _: unknown, ctx: RequestContext) =>
    costPrice(ctx, { shopId: row.shopId, currency: row.currency, amount: row.previousCostPriceAmount }),
};
