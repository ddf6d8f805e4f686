import { toPayload, type RequestContext } from '@zhongtai/kit';
import type { SupplierStatus } from '../db/tables.ts';
import type { OfferInput } from '../domain/offerInput.ts';
import { removeDropShipOffer, setDropShipOffers } from '../domain/offers.ts';
import type { SupplierFields } from '../domain/supplierInput.ts';
import { createSupplier, setSupplierStatus, updateSupplier } from '../domain/suppliers.ts';
import { approvePurchaseOrder, closePurchaseOrder, sendPurchaseOrder, submitPurchaseOrder } from '../domain/purchaseOrderFlow.ts';
import { createPurchaseOrder, createPurchaseOrdersFromSuggestions, type CreatePurchaseOrderInput } from '../domain/purchaseOrders.ts';
import { dismissSuggestion } from '../domain/replenishment.ts';
import { removeSupplyTerms, setSupplyTerms, type SupplyTermsInput } from '../domain/supplyTerms.ts';
import { payConsignor, type PayConsignorInput } from '../domain/consignorPayouts.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Ctx = RequestContext;
type ById = { id: string };

export const Mutation: MutationResolvers = {
  payConsignor: async (_: unknown, { input }: Input<PayConsignorInput>, ctx: Ctx) => toPayload('consignorPayout', await payConsignor(ctx, input)),
  createSupplier: async (_: unknown, { input }: Input<SupplierFields & { shopId?: string | null }>, ctx: Ctx) =>
    toPayload('supplier', await createSupplier(ctx, input)),
  updateSupplier: async (_: unknown, { input }: Input<SupplierFields & { id: string }>, ctx: Ctx) => toPayload('supplier', await updateSupplier(ctx, input)),
  setSupplierStatus: async (_: unknown, { input }: Input<{ id: string; status: SupplierStatus }>, ctx: Ctx) =>
    toPayload('supplier', await setSupplierStatus(ctx, input)),
  setDropShipOffers: async (_: unknown, { input }: Input<{ supplierId: string; offers: OfferInput[] }>, ctx: Ctx) =>
    toPayload('dropShipOffers', await setDropShipOffers(ctx, input)),
  removeDropShipOffer: async (_: unknown, { input }: Input<{ skuId: string }>, ctx: Ctx) => toPayload('dropShipOffer', await removeDropShipOffer(ctx, input)),
  setSupplyTerms: async (_: unknown, { input }: Input<{ supplierId: string; terms: SupplyTermsInput[] }>, ctx: Ctx) =>
    toPayload('supplyTerms', await setSupplyTerms(ctx, input)),
  removeSupplyTerms: async (_: unknown, { input }: Input<{ supplierId: string; skuId: string }>, ctx: Ctx) =>
    toPayload('supplyTerms', await removeSupplyTerms(ctx, input)),
  dismissReplenishmentSuggestion: async (_: unknown, { input }: Input<ById>, ctx: Ctx) =>
    toPayload('replenishmentSuggestion', await dismissSuggestion(ctx, input)),
  createPurchaseOrder: async (_: unknown, { input }: Input<CreatePurchaseOrderInput>, ctx: Ctx) =>
    toPayload('purchaseOrder', await createPurchaseOrder(ctx, input)),
  createPurchaseOrdersFromSuggestions: async (_: unknown, { input }: Input<{ suggestionIds: string[] }>, ctx: Ctx) =>
    toPayload('purchaseOrders', await createPurchaseOrdersFromSuggestions(ctx, input)),
  submitPurchaseOrder: async (_: unknown, { input }: Input<ById>, ctx: Ctx) => toPayload('purchaseOrder', await submitPurchaseOrder(ctx, input)),
  approvePurchaseOrder: async (_: unknown, { input }: Input<ById>, ctx: Ctx) => toPayload('purchaseOrder', await approvePurchaseOrder(ctx, input)),
  sendPurchaseOrder: async (_: unknown, { input }: Input<ById>, ctx: Ctx) => toPayload('purchaseOrder', await sendPurchaseOrder(ctx, input)),
  closePurchaseOrder: async (_: unknown, { input }: Input<ById>, ctx: Ctx) => toPayload('purchaseOrder', await closePurchaseOrder(ctx, input)),
};
