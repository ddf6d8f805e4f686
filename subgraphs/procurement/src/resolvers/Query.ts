import type { RequestContext } from '@zhongtai/kit';
import { supplierStanding } from '../domain/consignment.ts';
import { dropShipSources } from '../domain/offers.ts';
import { findPurchaseOrder, listPurchaseOrders, type PurchaseOrderListArgs } from '../domain/purchaseOrders.ts';
import { findSuggestion, listSuggestions, type SuggestionListArgs } from '../domain/replenishment.ts';
import { findSupplier, listSuppliers, type SupplierListArgs } from '../domain/suppliers.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type Ctx = RequestContext;
type ById = { id: string };

export const Query: QueryResolvers = {
  suppliers: (_: unknown, args: SupplierListArgs, ctx: Ctx) => listSuppliers(ctx, args),
  supplier: (_: unknown, { id }: ById, ctx: Ctx) => findSupplier(ctx, id),
  replenishmentSuggestions: (_: unknown, args: SuggestionListArgs, ctx: Ctx) => listSuggestions(ctx, args),
  replenishmentSuggestion: (_: unknown, { id }: ById, ctx: Ctx) => findSuggestion(ctx, id),
  purchaseOrders: (_: unknown, args: PurchaseOrderListArgs, ctx: Ctx) => listPurchaseOrders(ctx, args),
  purchaseOrder: (_: unknown, { id }: ById, ctx: Ctx) => findPurchaseOrder(ctx, id),
  dropShipSources: (_: unknown, { skuIds }: { skuIds: string[] }, ctx: Ctx) => dropShipSources(ctx, skuIds),
  supplierStanding: (_: unknown, { id }: ById, ctx: Ctx) => supplierStanding(ctx, id),
};
