import { toPayload, type RequestContext } from '@zhongtai/kit';
import type { SupplierStatus } from '../db/tables.ts';
import type { OfferInput } from '../domain/offerInput.ts';
import { removeDropShipOffer, setDropShipOffers } from '../domain/offers.ts';
import type { SupplierFields } from '../domain/supplierInput.ts';
import { createSupplier, setSupplierStatus, updateSupplier } from '../domain/suppliers.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Ctx = RequestContext;

export const Mutation: MutationResolvers = {
  createSupplier: async (_: unknown, { input }: Input<SupplierFields & { shopId?: string | null }>, ctx: Ctx) =>
    toPayload('supplier', await createSupplier(ctx, input)),
  updateSupplier: async (_: unknown, { input }: Input<SupplierFields & { id: string }>, ctx: Ctx) => toPayload('supplier', await updateSupplier(ctx, input)),
  setSupplierStatus: async (_: unknown, { input }: Input<{ id: string; status: SupplierStatus }>, ctx: Ctx) =>
    toPayload('supplier', await setSupplierStatus(ctx, input)),
  setDropShipOffers: async (_: unknown, { input }: Input<{ supplierId: string; offers: OfferInput[] }>, ctx: Ctx) =>
    toPayload('dropShipOffers', await setDropShipOffers(ctx, input)),
  removeDropShipOffer: async (_: unknown, { input }: Input<{ skuId: string }>, ctx: Ctx) => toPayload('dropShipOffer', await removeDropShipOffer(ctx, input)),
};
