import { type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { NoticeStatus } from '../db/tables.ts';
import { listNotices } from '../domain/notices.ts';
import type { SupplierResolvers } from '../generated/resolvers.ts';

/** Procurement's supplier: its drop-ship work list. Scoped like every notice list (a merchant: its shop's). */
export const Supplier: SupplierResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  shippingNotices: (supplier: { id: string }, args: ConnectionArgs & { status?: NoticeStatus | null }, ctx: RequestContext) =>
    listNotices(ctx, args, { supplierId: supplier.id, status: args.status }),
};
