import type { RequestContext } from '@zhongtai/kit';
import { dropShipSources } from '../domain/offers.ts';
import { findSupplier, listSuppliers, type SupplierListArgs } from '../domain/suppliers.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type Ctx = RequestContext;

export const Query: QueryResolvers = {
  suppliers: (_: unknown, args: SupplierListArgs, ctx: Ctx) => listSuppliers(ctx, args),
  supplier: (_: unknown, { id }: { id: string }, ctx: Ctx) => findSupplier(ctx, id),
  dropShipSources: (_: unknown, { skuIds }: { skuIds: string[] }, ctx: Ctx) => dropShipSources(ctx, skuIds),
};
