import { existing, toMoney, type ConnectionArgs, type CurrencyCode, type RequestContext, can } from '@zhongtai/kit';
import type { DropShipOfferRow, SupplierRow } from '../db/tables.ts';
import { offersOfSupplier, visibleOfferOfSku } from '../domain/offers.ts';
import { loadSupplier, visibleSupplier } from '../domain/suppliers.ts';
import type { DropShipOfferResolvers, SkuResolvers, SupplierResolvers } from '../generated/resolvers.ts';
import { supplierTenancy } from '../domain/tenancy.ts';

type Ctx = RequestContext;

export const Supplier: SupplierResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => visibleSupplier(ctx, ref.id),
  shop: (row: SupplierRow) => ({ __typename: 'Shop', id: row.shopId }),
  // Whoever reaches a supplier may see it, but say so here too: the phone is the shop's alone.
  contactPhone: (row: SupplierRow, _: unknown, ctx: Ctx) => (can(ctx, supplierTenancy, row, 'read') ? row.contactPhone : null),
  dropShipOffers: (row: SupplierRow, args: ConnectionArgs & { active?: boolean | null }, ctx: Ctx) => offersOfSupplier(ctx, row.id, args),
};

export const DropShipOffer: DropShipOfferResolvers = {
  supplier: async (row: DropShipOfferRow, _: unknown, ctx: Ctx) => existing(await loadSupplier(ctx, row.supplierId), 'Supplier', row.supplierId),
  sku: (row: DropShipOfferRow) => ({ __typename: 'Sku', id: row.skuId }),
  supplyPrice: (row: DropShipOfferRow) => toMoney(row.supplyPrice, row.currency as CurrencyCode),
};

export const Sku: SkuResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  dropShip: (sku: { id: string }, _: unknown, ctx: Ctx) => visibleOfferOfSku(ctx, sku.id),
};
