import { existing, toMoney, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { DropShipOfferRow } from '../db/tables.ts';
import { loadSupplier } from '../domain/suppliers.ts';
import type { DropShipOfferResolvers } from '../generated/resolvers.ts';

export const DropShipOffer: DropShipOfferResolvers = {
  supplier: async (row: DropShipOfferRow, _: unknown, ctx: RequestContext) => existing(await loadSupplier(ctx, row.supplierId), 'Supplier', row.supplierId),
  sku: (row: DropShipOfferRow) => ({ __typename: 'Sku', id: row.skuId }),
  supplyPrice: (row: DropShipOfferRow) => toMoney(row.supplyPrice, row.currency as CurrencyCode),
};
