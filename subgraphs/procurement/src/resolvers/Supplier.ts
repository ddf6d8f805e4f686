import { can, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { SupplierRow } from '../db/tables.ts';
import { consignmentStatement, type StatementArgs } from '../domain/consignment.ts';
import { offersOfSupplier } from '../domain/offers.ts';
import { visibleSupplier } from '../domain/suppliers.ts';
import { ratingOf } from '../domain/supplierRating.ts';
import { termsOfSupplier } from '../domain/supplyTerms.ts';
import { supplierTenancy } from '../domain/tenancy.ts';
import type { SupplierResolvers } from '../generated/resolvers.ts';

type Listed = ConnectionArgs & { active?: boolean | null };

export const Supplier: SupplierResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => visibleSupplier(ctx, ref.id),
  shop: (row: SupplierRow) => ({ __typename: 'Shop', id: row.shopId }),
  // Whoever reaches a supplier may see it, but say so here too: the phone is the shop's alone.
  contactPhone: (row: SupplierRow, _: unknown, ctx: RequestContext) => (can(ctx, supplierTenancy, row, 'read') ? row.contactPhone : null),
  dropShipOffers: (row: SupplierRow, args: Listed, ctx: RequestContext) => offersOfSupplier(ctx, row.id, args),
  supplyTerms: (row: SupplierRow, args: Listed, ctx: RequestContext) => termsOfSupplier(ctx, row.id, args),
  rating: (row: SupplierRow) => ratingOf(row),
  consignmentStatement: (row: SupplierRow, args: StatementArgs, ctx: RequestContext) => consignmentStatement(ctx, row, args),
};
