import { existing, toMoney, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { SupplyTermsRow } from '../db/purchaseTables.ts';
import { loadSupplier } from '../domain/suppliers.ts';
import type { SupplyTermsResolvers } from '../generated/resolvers.ts';

export const SupplyTerms: SupplyTermsResolvers = {
  supplier: async (row: SupplyTermsRow, _: unknown, ctx: RequestContext) => existing(await loadSupplier(ctx, row.supplierId), 'Supplier', row.supplierId),
  sku: (row: SupplyTermsRow) => ({ __typename: 'Sku', id: row.skuId }),
  unitPrice: (row: SupplyTermsRow) => toMoney(row.unitPrice, row.currency as CurrencyCode),
};
